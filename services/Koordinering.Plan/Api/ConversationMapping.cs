using Google.Protobuf.WellKnownTypes;
using Koordinering.Plan.Conversations;
using Koordinering.Plan.Domain;
using V1 = Koordinering.Plan.V1;

namespace Koordinering.Plan.Api;

/// <summary>Messages and conversations to their protos, as one reader sees them.</summary>
public static class ConversationMapping
{
    public static V1.PlanMessage ToProto(PlanMessage m, string readerKey) => new()
    {
        MessageId = m.Id.ToString(), CoordinationId = m.CoordinationId.ToString(), AuthorKind = (V1.MessageAuthorKind)m.AuthorKind,
        AuthorId = m.AuthorId ?? "", AuthorOrganisationNumber = m.AuthorOrganisation ?? "", Text = m.Text,
        WrittenAt = Timestamp.FromDateTimeOffset(m.WrittenAt), EditedAt = m.EditedAt is { } edited ? Timestamp.FromDateTimeOffset(edited) : null,
        CorrectsMessageId = m.CorrectsMessageId?.ToString() ?? "", Mine = m.WrittenBy(readerKey), ReadByOthers = m.ReadByOthers,
    };

    public static V1.Conversation ToProto(ConversationSummary s) => new()
    {
        CoordinationId = s.CoordinationId.ToString(), PlanId = s.PlanId.ToString(), MessageCount = s.MessageCount, UnreadCount = s.UnreadCount,
        LastMessageAt = Timestamp.FromDateTimeOffset(s.LastMessageAt),
    };
}
