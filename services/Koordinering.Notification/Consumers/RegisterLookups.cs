using Koordinering.Notification.Contacts;
using Koordinering.Notification.Domain;
using Koordinering.ServiceDefaults.Security;

namespace Koordinering.Notification.Consumers;

/// <summary>
/// The register answers one event delivery needs (guardians from the population register, contacts
/// from KRR), kept for the delivery's scope. The consumer fills it before the dispatcher opens the
/// transaction (<see cref="Eventing.IPreparesEvent{TEvent}"/>); the planner reads it inside, and asks
/// the register itself only for what was not looked up first.
/// </summary>
public sealed class RegisterLookups(IContactRegister contacts, IPopulationRegister population)
{
    private readonly Dictionary<string, ContactInfo?> _contacts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IReadOnlyList<string>> _guardians = new(StringComparer.Ordinal);

    public async Task<ContactInfo?> ContactAsync(string identityNumber, CancellationToken cancellationToken)
    {
        if (!_contacts.TryGetValue(identityNumber, out var contact))
        {
            contact = await contacts.LookupAsync(identityNumber, cancellationToken);
            _contacts[identityNumber] = contact;
        }
        return contact;
    }

    public async Task<IReadOnlyList<string>> GuardiansOfAsync(string childIdentityNumber, CancellationToken cancellationToken)
    {
        if (!_guardians.TryGetValue(childIdentityNumber, out var guardians))
        {
            guardians = await population.GuardiansOfAsync(childIdentityNumber, cancellationToken);
            _guardians[childIdentityNumber] = guardians;
        }
        return guardians;
    }
}
