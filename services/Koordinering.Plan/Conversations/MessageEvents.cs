using Koordinering.Contracts.Events;
using Koordinering.Plan.Domain;

namespace Koordinering.Plan.Conversations;

/// <summary>The event of a new message: ids, the author's capacity and the others to tell; never the text.</summary>
public static class MessageEvents
{
    public static MessagePostedV1 Posted(PlanMessage message, Coordination coordination, CarePlan? plan, MessageAuthor author, string? authorIdentityNumber,
        IReadOnlyList<PlanRecipient> recipients, DateTimeOffset now) =>
        new EventEnvelope(now, coordination.MunicipalityNumber, coordination.Id).Stamp(new MessagePostedV1
        {
            MessageId = message.Id, CoordinationId = coordination.Id, PlanId = plan?.Id, PersonIdentityNumber = coordination.PersonIdentityNumber,
            AuthorKind = author.Kind,
            AuthorIdentityNumber = authorIdentityNumber,
            AuthorOrganisation = author.Organisation, CorrectsMessageId = message.CorrectsMessageId, Recipients = recipients,
        });
}
