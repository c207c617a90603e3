using Koordinering.Domain;
using Koordinering.Notification.Data;
using Koordinering.Notification.Domain;
using Microsoft.EntityFrameworkCore;

namespace Koordinering.Notification.Contacts;

/// <summary>The contact and reservation register (KRR): reservation, whether the person can be notified, mobile, e-mail, digital mailbox, language.</summary>
public interface IContactRegister
{
    Task<ContactInfo?> LookupAsync(string identityNumber, CancellationToken cancellationToken);
}

/// <summary>The local register: the service's own table, seeded by tools/up.</summary>
public sealed class LocalContactRegister(NotificationDbContext db) : IContactRegister
{
    public async Task<ContactInfo?> LookupAsync(string identityNumber, CancellationToken cancellationToken)
    {
        var record = await db.Contacts.AsNoTracking().FirstOrDefaultAsync(c => c.IdentityNumber == identityNumber, cancellationToken);
        return record is null ? null : new ContactInfo(record.Reserved, record.CanBeNotified, record.Mobile, record.Email, record.DigitalMailbox, record.Language);
    }
}
