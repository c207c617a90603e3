namespace Koordinering.Plan.Domain;

/// <summary>What an evaluation and a meeting's decisions do to the plan's content. Plain C#: no I/O.</summary>
public static class PlanEvaluation
{
    /// <summary>
    /// An evaluation may restate the goals and the measures (none given: they stay), and sets the next
    /// evaluation date, which must come after today; past evaluation dates leave the plan's list.
    /// </summary>
    public static PlanDocument Evaluate(PlanDocument content, IReadOnlyList<Goal> goals, IReadOnlyList<Measure> measures, DateOnly next, DateOnly today)
    {
        if (next <= today)
        {
            throw new PlanRuleException("The next evaluation comes after today.");
        }
        return content with
        {
            Goals = goals.Count > 0 ? goals : content.Goals,
            Measures = measures.Count > 0 ? measures : content.Measures,
            EvaluationDates = content.EvaluationDates.Where(d => d > today).Append(next).Distinct().Order().ToList(),
        };
    }

    /// <summary>Decisions of a responsibility-group meeting taken as measures are added to the plan's measures.</summary>
    public static PlanDocument WithMeasures(PlanDocument content, IReadOnlyList<Measure> added) =>
        content with { Measures = [.. content.Measures, .. added] };
}
