using Koordinering.ServiceDefaults.Grpc;
using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using Koordinering.Plan.Domain;
using V1 = Koordinering.Plan.V1;

namespace Koordinering.Plan.Api;

/// <summary>Between the API's messages and the plan document; new goals, measures and participants get ids here.</summary>
public static class PlanMapping
{
    public static PlanDocument ToDocument(V1.PlanContent? content, List<(string, string)> violations, string prefix = "content")
    {
        content ??= new V1.PlanContent();
        var participants = content.Participants.Select(p => new Participant(NewIdIfEmpty(p.ParticipantId), p.Role.Trim(), p.Name.NullIfBlank(), p.OrganisationNumber.NullIfBlank(),
            p.OrganisationName.NullIfBlank(), p.Contact.NullIfBlank(), p.MemberOfResponsibilityGroup, p.AreaOfResponsibility.NullIfBlank())).ToList();
        var goals = content.Goals.Select(g => new Goal(NewIdIfEmpty(g.GoalId), g.Text.Trim(), g.StatusNote.NullIfBlank())).ToList();
        var measures = content.Measures.Select((m, i) => ToMeasure(m, violations, $"{prefix}.measures[{i}]")).ToList();
        return new PlanDocument(
            goals, content.Resources.NullIfBlank(), content.Needs.NullIfBlank(), participants,
            content.Contributions.Select(c => new Contribution(c.ParticipantId, c.Contribution_.Trim())).ToList(),
            measures,
            Date(content.PeriodStart, $"{prefix}.period_start", violations),
            Date(content.PeriodEnd, $"{prefix}.period_end", violations),
            content.EvaluationDates.Select((d, i) => Date(d, $"{prefix}.evaluation_dates[{i}]", violations)).OfType<DateOnly>().Order().ToList(),
            content.CooperationPartners.Select(c => c.Trim()).ToList());
    }

    public static Measure ToMeasure(V1.Measure m, List<(string, string)> violations, string field)
    {
        MeasureStatus status = m.Status switch
        {
            V1.MeasureStatus.Ongoing => MeasureStatus.Ongoing,
            V1.MeasureStatus.Done => MeasureStatus.Done,
            V1.MeasureStatus.Stopped => MeasureStatus.Stopped,
            _ => MeasureStatus.Planned,
        };
        return new Measure(NewIdIfEmpty(m.MeasureId), m.Title.Trim(), m.Scope.NullIfBlank(), m.How.NullIfBlank(), m.ResponsibleParticipantId.NullIfBlank(),
            Date(m.StartDate, $"{field}.start_date", violations), Date(m.Deadline, $"{field}.deadline", violations), status, m.GoalIds.ToList());
    }

    public static V1.PlanContent ToProto(PlanDocument d)
    {
        var content = new V1.PlanContent
        {
            Resources = d.Resources ?? "",
            Needs = d.Needs ?? "",
            PeriodStart = Text(d.PeriodStart),
            PeriodEnd = Text(d.PeriodEnd),
        };
        content.Goals.AddRange(d.Goals.Select(g => new V1.Goal { GoalId = g.Id, Text = g.Text, StatusNote = g.StatusNote ?? "" }));
        content.Participants.AddRange(d.Participants.Select(p => new V1.Participant
        {
            ParticipantId = p.Id, Role = p.Role, Name = p.Name ?? "", OrganisationNumber = p.OrganisationNumber ?? "", OrganisationName = p.OrganisationName ?? "",
            Contact = p.Contact ?? "", MemberOfResponsibilityGroup = p.MemberOfResponsibilityGroup, AreaOfResponsibility = p.AreaOfResponsibility ?? "",
        }));
        content.Contributions.AddRange(d.Contributions.Select(c => new V1.Contribution { ParticipantId = c.ParticipantId, Contribution_ = c.Text }));
        content.Measures.AddRange(d.Measures.Select(ToProto));
        content.EvaluationDates.AddRange(d.EvaluationDates.Select(x => Text(x)));
        content.CooperationPartners.AddRange(d.CooperationPartners);
        return content;
    }

    public static V1.Measure ToProto(Measure m)
    {
        var measure = new V1.Measure
        {
            MeasureId = m.Id, Title = m.Title, Scope = m.Scope ?? "", How = m.How ?? "", ResponsibleParticipantId = m.ResponsibleParticipantId ?? "",
            StartDate = Text(m.StartDate), Deadline = Text(m.Deadline), Status = (V1.MeasureStatus)m.Status,
        };
        measure.GoalIds.AddRange(m.GoalIds);
        return measure;
    }

    public static V1.Plan ToProto(CarePlan plan) => new()
    {
        PlanId = plan.Id.ToString(),
        CoordinationId = plan.CoordinationId.ToString(),
        Kind = (V1.PlanKind)plan.Kind,
        Status = (V1.PlanStatus)plan.Status,
        Version = plan.Version,
        Content = ToProto(plan.Content),
        ConsentId = plan.ConsentId?.ToString() ?? "",
        CreatedAt = Timestamp.FromDateTimeOffset(plan.CreatedAt),
        UpdatedAt = Timestamp.FromDateTimeOffset(plan.UpdatedAt),
        UpdatedBy = plan.UpdatedBy,
    };

    public static V1.Meeting ToProto(Meeting m)
    {
        var meeting = new V1.Meeting
        {
            MeetingId = m.Id.ToString(), PlanId = m.PlanId.ToString(), StartsAt = Timestamp.FromDateTimeOffset(m.StartsAt), EndsAt = Timestamp.FromDateTimeOffset(m.EndsAt),
            Place = m.Place ?? "", VideoLink = m.VideoLink ?? "", Agenda = m.Agenda ?? "", Status = (V1.MeetingStatus)m.Status, Minutes = m.Minutes ?? "",
        };
        meeting.InvitedParticipantIds.AddRange(m.InvitedParticipantIds);
        meeting.Decisions.AddRange(m.Decisions);
        return meeting;
    }

    public static V1.Coordination ToProto(Coordination c)
    {
        var coordination = new V1.Coordination
        {
            CoordinationId = c.Id.ToString(), MunicipalityNumber = c.MunicipalityNumber, Status = (V1.CoordinationStatus)c.Status,
            OpenedAt = Timestamp.FromDateTimeOffset(c.OpenedAt), PersonIdentityNumber = c.PersonIdentityNumber,
            IndividualPlanGranted = c.IndividualPlanGranted, PlanId = c.PlanId?.ToString() ?? "",
        };
        coordination.Coordinators.AddRange(c.Appointments.OrderBy(a => a.ReplacedAt is null ? 0 : 1).ThenByDescending(a => a.AppointedAt).Select(a => new V1.Coordinator
        {
            EmployeeId = a.EmployeeId, Name = a.Name, OrganisationNumber = a.OrganisationNumber, OrganisationName = a.OrganisationName ?? "", Email = a.Email ?? "", Phone = a.Phone ?? "",
            Kind = a.ChildCoordinator ? V1.CoordinatorKind.ChildCoordinator : V1.CoordinatorKind.Coordinator, WishedFor = a.WishedFor ?? "", WishFollowed = a.WishFollowed,
            ReasonWishNotFollowed = a.ReasonWishNotFollowed ?? "", AppointedAt = Timestamp.FromDateTimeOffset(a.AppointedAt), AppointedBy = a.AppointedBy,
            ReplacedAt = a.ReplacedAt is { } r ? Timestamp.FromDateTimeOffset(r) : null,
        }));
        return coordination;
    }

    public static V1.PlanRevision ToProto(PlanRevision r) => new()
    {
        Version = r.Version, ChangedAt = Timestamp.FromDateTimeOffset(r.ChangedAt), ChangedBy = r.ChangedBy, Change = r.Change,
        Before = r.Before is null ? null : ToProto(r.Before), After = ToProto(r.After),
    };

    public static V1.CalendarEntry ToProto(Calendar.CalendarEntry e) => new()
    {
        Kind = e.Kind, At = Timestamp.FromDateTimeOffset(e.At), Title = e.Title, ReferenceId = e.ReferenceId ?? "", PlanId = e.PlanId.ToString(),
    };

    public static DateOnly? Date(string text, string field, List<(string, string)> violations)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }
        violations.Add((field, "must be a date, YYYY-MM-DD"));
        return null;
    }

    public static string Text(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";

    private static string NewIdIfEmpty(string id) => string.IsNullOrWhiteSpace(id) ? Guid.NewGuid().ToString("N")[..12] : id.Trim();
}
