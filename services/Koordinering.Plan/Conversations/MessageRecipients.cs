using Koordinering.Contracts.Events;
using Koordinering.Domain;
using Koordinering.Plan.Consent;
using Koordinering.Plan.Domain;
using Koordinering.Plan.Plans;

namespace Koordinering.Plan.Conversations;

/// <summary>
/// The others to tell of a new message, each with their contact: the coordinator, and the plan's participants from
/// organisations the person's consent names now (asked of the Consent service, failing closed), never the author.
/// The person, or a child's guardians, are told through the contact register by the Notification service.
/// </summary>
public sealed class MessageRecipients(PlanAccess access, IConsentCheck consent)
{
    public async Task<IReadOnlyList<PlanRecipient>> ForAsync(Coordination coordination, CarePlan? plan, MessageAuthor author, CancellationToken cancellationToken)
    {
        var recipients = new List<PlanRecipient>();
        if (author.Kind != MessageAuthorKind.Coordinator && coordination.Current is { } coordinator && (coordinator.Email ?? coordinator.Phone) is { } contact)
        {
            recipients.Add(new PlanRecipient($"coordinator:{coordinator.EmployeeId}", "coordinator", coordinator.Name, contact));
        }
        var participants = plan?.Content.Participants
            .Where(p => p.OrganisationNumber is not null && !string.IsNullOrWhiteSpace(p.Contact)
                && !(author.Kind == MessageAuthorKind.Participant && p.OrganisationNumber == author.Organisation))
            .ToList() ?? [];
        var organisations = participants.Select(p => p.OrganisationNumber!).Distinct(StringComparer.Ordinal).ToList();
        if (organisations.Count > 0)
        {
            var verdicts = await consent.CheckParticipantsAsync(organisations.Select(o => (coordination.PersonIdentityNumber, o, "")).ToList(), cancellationToken);
            var allowed = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < organisations.Count; i++)
            {
                if (await access.ParticipantRoleAsync(verdicts[i], organisations[i], "", cancellationToken) == PlanRole.Participant)
                {
                    allowed.Add(organisations[i]);
                }
            }
            recipients.AddRange(participants.Where(p => allowed.Contains(p.OrganisationNumber!)).Select(p => new PlanRecipient(p.Id, p.Role, p.Name, p.Contact)));
        }
        return recipients.DistinctBy(r => r.Contact, StringComparer.OrdinalIgnoreCase).ToList();
    }
}
