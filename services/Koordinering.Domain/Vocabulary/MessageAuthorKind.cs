namespace Koordinering.Domain;

/// <summary>In which capacity someone wrote a message in a plan's conversation (docs/domain.md, messages).</summary>
public enum MessageAuthorKind
{
    Person = 1,
    Guardian = 2,
    Coordinator = 3,
    Participant = 4,
    Caseworker = 5,
}
