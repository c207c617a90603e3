using Koordinering.Domain;
using Koordinering.Plan.Domain;
using Koordinering.Plan.Plans;
using Koordinering.ServiceDefaults.Security;

namespace Koordinering.Plan.Conversations;

/// <summary>Who a caller is in a conversation: their reader key, and in which capacity they write (from their role in the plan).</summary>
public static class ConversationReaders
{
    /// <summary>A citizen by identity number; an employee by organisation and id (an equal id elsewhere is someone else).</summary>
    public static string Key(Caller caller) => caller.Kind == CallerKind.Citizen
        ? $"citizen:{caller.Id}"
        : $"{caller.Kind.ToString().ToLowerInvariant()}:{caller.Organisation}:{caller.Id}";

    /// <summary>An employee's organisation is shown when it is an organisation number (nine digits).</summary>
    public static MessageAuthor Author(Caller caller, PlanRole role, string person) => role switch
    {
        PlanRole.Owner => new MessageAuthor(caller.Id == person ? MessageAuthorKind.Person : MessageAuthorKind.Guardian, Key(caller), null, null),
        PlanRole.Coordinator => new MessageAuthor(MessageAuthorKind.Coordinator, Key(caller), caller.Id, OrganisationNumber(caller)),
        PlanRole.Caseworker => new MessageAuthor(MessageAuthorKind.Caseworker, Key(caller), caller.Id, OrganisationNumber(caller)),
        _ => new MessageAuthor(MessageAuthorKind.Participant, Key(caller), caller.Id, OrganisationNumber(caller)),
    };

    private static string? OrganisationNumber(Caller caller) =>
        caller.Organisation is { Length: 9 } organisation && organisation.All(char.IsAsciiDigit) ? organisation : null;
}
