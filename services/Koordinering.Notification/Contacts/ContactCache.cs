using System.Collections.Concurrent;
using Koordinering.Notification.Domain;
using Microsoft.Extensions.Options;

namespace Koordinering.Notification.Contacts;

/// <summary>KRR's answers in memory for <see cref="KrrOptions.CacheFor"/>, by <see cref="TimeProvider"/>; personal data, never logged or persisted.</summary>
public sealed class ContactCache(IOptions<KrrOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, (ContactInfo? Contact, DateTimeOffset Until)> _kept = new();

    public bool TryGet(string identityNumber, out ContactInfo? contact)
    {
        if (_kept.TryGetValue(identityNumber, out var kept) && time.GetUtcNow() < kept.Until)
        {
            contact = kept.Contact;
            return true;
        }
        contact = null;
        return false;
    }

    public void Keep(string identityNumber, ContactInfo? contact)
    {
        var now = time.GetUtcNow();
        foreach (var stale in _kept.Where(c => c.Value.Until <= now).Select(c => c.Key).ToList())
        {
            _kept.TryRemove(stale, out _);
        }
        _kept[identityNumber] = (contact, now + options.Value.CacheFor);
    }
}
