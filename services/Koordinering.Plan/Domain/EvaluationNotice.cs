namespace Koordinering.Plan.Domain;

/// <summary>One evaluation-due notice per plan and date, so it fires once.</summary>
public sealed class EvaluationNotice
{
    public Guid PlanId { get; init; }
    public DateOnly EvaluationDate { get; init; }
    public DateTimeOffset SentAt { get; init; }
}
