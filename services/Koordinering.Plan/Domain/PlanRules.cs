namespace Koordinering.Plan.Domain;

/// <summary>The plan's invariants, each broken one named by its field. Plain C#: no I/O.</summary>
public static class PlanRules
{
    public static List<(string Field, string Description)> Check(PlanDocument doc, string prefix = "content")
    {
        var v = new List<(string, string)>();
        void Text(string? value, string field, int max, bool required = false)
        {
            if (required && string.IsNullOrWhiteSpace(value))
            {
                v.Add((field, "is required"));
            }
            else if (value?.Length > max)
            {
                v.Add((field, $"must be at most {max} characters"));
            }
        }
        if (doc.Goals.Count > PlanLimits.MaxItems) v.Add(($"{prefix}.goals", $"at most {PlanLimits.MaxItems}"));
        if (doc.Participants.Count > PlanLimits.MaxItems) v.Add(($"{prefix}.participants", $"at most {PlanLimits.MaxItems}"));
        if (doc.Measures.Count > PlanLimits.MaxItems) v.Add(($"{prefix}.measures", $"at most {PlanLimits.MaxItems}"));
        for (var i = 0; i < doc.Goals.Count && i < PlanLimits.MaxItems; i++)
        {
            Text(doc.Goals[i].Text, $"{prefix}.goals[{i}].text", PlanLimits.MaxShortText, required: true);
            Text(doc.Goals[i].StatusNote, $"{prefix}.goals[{i}].status_note", PlanLimits.MaxShortText);
        }
        Text(doc.Resources, $"{prefix}.resources", PlanLimits.MaxText);
        Text(doc.Needs, $"{prefix}.needs", PlanLimits.MaxText);
        var participantIds = doc.Participants.Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i < doc.Participants.Count && i < PlanLimits.MaxItems; i++)
        {
            var p = doc.Participants[i];
            Text(p.Role, $"{prefix}.participants[{i}].role", PlanLimits.MaxRole, required: true);
            Text(p.Name, $"{prefix}.participants[{i}].name", PlanLimits.MaxName);
            Text(p.Contact, $"{prefix}.participants[{i}].contact", PlanLimits.MaxName);
            Text(p.OrganisationName, $"{prefix}.participants[{i}].organisation_name", PlanLimits.MaxName);
            Text(p.AreaOfResponsibility, $"{prefix}.participants[{i}].area_of_responsibility", PlanLimits.MaxReason);
            if (p.OrganisationNumber is { } org && (org.Length != 9 || !org.All(char.IsAsciiDigit)))
            {
                v.Add(($"{prefix}.participants[{i}].organisation_number", "must be an organisation number of nine digits"));
            }
        }
        if (participantIds.Count != doc.Participants.Count)
        {
            v.Add(($"{prefix}.participants", "has two participants with the same id"));
        }
        for (var i = 0; i < doc.Contributions.Count && i < PlanLimits.MaxItems; i++)
        {
            if (!participantIds.Contains(doc.Contributions[i].ParticipantId))
            {
                v.Add(($"{prefix}.contributions[{i}].participant_id", "must name a participant of the plan"));
            }
            Text(doc.Contributions[i].Text, $"{prefix}.contributions[{i}].contribution", PlanLimits.MaxShortText, required: true);
        }
        var goalIds = doc.Goals.Select(g => g.Id).ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i < doc.Measures.Count && i < PlanLimits.MaxItems; i++)
        {
            var m = doc.Measures[i];
            Text(m.Title, $"{prefix}.measures[{i}].title", PlanLimits.MaxName, required: true);
            Text(m.Scope, $"{prefix}.measures[{i}].scope", PlanLimits.MaxShortText);
            Text(m.How, $"{prefix}.measures[{i}].how", PlanLimits.MaxShortText);
            if (m.ResponsibleParticipantId is { } r && !participantIds.Contains(r))
            {
                v.Add(($"{prefix}.measures[{i}].responsible_participant_id", "must name a participant of the plan"));
            }
            if (m.StartDate is { } start && m.Deadline is { } deadline && deadline < start)
            {
                v.Add(($"{prefix}.measures[{i}].deadline", "must not be before the start date"));
            }
            for (var j = 0; j < m.GoalIds.Count; j++)
            {
                if (!goalIds.Contains(m.GoalIds[j]))
                {
                    v.Add(($"{prefix}.measures[{i}].goal_ids[{j}]", "must name a goal of the plan"));
                }
            }
        }
        if (doc.PeriodStart is { } from && doc.PeriodEnd is { } to && to < from)
        {
            v.Add(($"{prefix}.period_end", "must not be before the start of the period"));
        }
        if (doc.EvaluationDates.Count > PlanLimits.MaxDates) v.Add(($"{prefix}.evaluation_dates", $"at most {PlanLimits.MaxDates}"));
        if (doc.CooperationPartners.Count > PlanLimits.MaxPartners) v.Add(($"{prefix}.cooperation_partners", $"at most {PlanLimits.MaxPartners}"));
        for (var i = 0; i < doc.CooperationPartners.Count && i < PlanLimits.MaxPartners; i++)
        {
            Text(doc.CooperationPartners[i], $"{prefix}.cooperation_partners[{i}]", PlanLimits.MaxName, required: true);
        }
        return v;
    }
}
