namespace Koordinering.Plan.Domain;

public sealed class ChangeProposal
{
    public Guid Id { get; init; }
    public Guid PlanId { get; init; }
    public required string Text { get; init; }
    public required string ProposedBy { get; init; }
    public DateTimeOffset ProposedAt { get; init; }
}
