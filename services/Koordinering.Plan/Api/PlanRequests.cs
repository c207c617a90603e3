using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Koordinering.Domain;
using Koordinering.Plan.Domain;
using Koordinering.ServiceDefaults.Grpc;
using V1 = Koordinering.Plan.V1;

namespace Koordinering.Plan.Api;

/// <summary>The field checks of the plan API's requests, each broken rule named by its field (limits from <see cref="PlanLimits"/>).</summary>
public static class PlanRequests
{
    public static CoordinatorAppointment Appointment(V1.Coordinator? c, Guid coordinationId, Guid id, DateTimeOffset at, string by) => new()
    {
        Id = id, CoordinationId = coordinationId, EmployeeId = c!.EmployeeId.Trim(), Name = c.Name.Trim(),
        OrganisationNumber = c.OrganisationNumber, OrganisationName = c.OrganisationName.NullIfBlank(), Email = c.Email.NullIfBlank(), Phone = c.Phone.NullIfBlank(),
        ChildCoordinator = c.Kind == V1.CoordinatorKind.ChildCoordinator, WishedFor = c.WishedFor.NullIfBlank(), WishFollowed = c.WishFollowed,
        ReasonWishNotFollowed = c.ReasonWishNotFollowed.NullIfBlank(), AppointedAt = at, AppointedBy = by,
    };

    public static void CheckAppointment(V1.Coordinator? c)
    {
        var violations = new List<(string, string)>();
        if (c is null)
        {
            violations.Add(("coordinator", "is required"));
            violations.ThrowIfAny();
            return;
        }
        violations.RequireText(c.EmployeeId, "coordinator.employee_id", PlanLimits.MaxEmployeeId);
        violations.RequireText(c.Name, "coordinator.name", PlanLimits.MaxName);
        if (c.OrganisationNumber.Length != 9 || !c.OrganisationNumber.All(char.IsAsciiDigit))
        {
            violations.Add(("coordinator.organisation_number", "must be an organisation number of nine digits"));
        }
        if (c.Kind == V1.CoordinatorKind.Unspecified)
        {
            violations.Add(("coordinator.kind", "must be coordinator or child coordinator"));
        }
        if (!c.WishFollowed && c.WishedFor.Length > 0 && string.IsNullOrWhiteSpace(c.ReasonWishNotFollowed))
        {
            violations.Add(("coordinator.reason_wish_not_followed", "is required when the person's wish was not followed"));
        }
        violations.LimitText(c.Email, "coordinator.email", PlanLimits.MaxEmail);
        violations.LimitText(c.Phone, "coordinator.phone", PlanLimits.MaxPhone);
        violations.LimitText(c.WishedFor, "coordinator.wished_for", PlanLimits.MaxName);
        violations.LimitText(c.ReasonWishNotFollowed, "coordinator.reason_wish_not_followed", PlanLimits.MaxReason);
        violations.ThrowIfAny();
    }

    /// <summary>A plan's content, checked against the plan's rules.</summary>
    public static PlanDocument Document(V1.PlanContent? content)
    {
        var violations = new List<(string, string)>();
        var document = PlanMapping.ToDocument(content, violations);
        violations.AddRange(PlanRules.Check(document));
        violations.ThrowIfAny();
        return document;
    }

    /// <summary>A service overview names at least one service, each with its area of responsibility.</summary>
    public static PlanDocument ServiceOverview(IList<V1.Participant> services)
    {
        var violations = new List<(string, string)>();
        var content = new V1.PlanContent();
        content.Participants.AddRange(services);
        var document = PlanMapping.ToDocument(content, violations, "services");
        violations.AddRange(PlanRules.Check(document, "services").Select(v => (v.Field.Replace("services.participants", "services", StringComparison.Ordinal), v.Description)));
        for (var i = 0; i < services.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(services[i].AreaOfResponsibility))
            {
                violations.Add(($"services[{i}].area_of_responsibility", "is required in a service overview"));
            }
        }
        if (services.Count == 0)
        {
            violations.Add(("services", "must name at least one service"));
        }
        violations.ThrowIfAny();
        return document;
    }

    public static (List<Goal> Goals, List<Measure> Measures, DateOnly Next) Evaluation(V1.RecordEvaluationRequest request, DateOnly today)
    {
        var violations = new List<(string, string)>();
        violations.RequireText(request.Summary, "summary", PlanLimits.MaxText);
        var next = PlanMapping.Date(request.NextEvaluationDate, "next_evaluation_date", violations);
        if (next is null && violations.Count == 0)
        {
            violations.Add(("next_evaluation_date", "is required"));
        }
        else if (next <= today)
        {
            violations.Add(("next_evaluation_date", "must be after today"));
        }
        var measures = request.Measures.Select((m, i) => PlanMapping.ToMeasure(m, violations, $"measures[{i}]")).ToList();
        violations.ThrowIfAny();
        var goals = request.Goals.Select(g => new Goal(string.IsNullOrWhiteSpace(g.GoalId) ? Guid.NewGuid().ToString("N")[..12] : g.GoalId, g.Text.Trim(), g.StatusNote.NullIfBlank())).ToList();
        return (goals, measures, next!.Value);
    }

    public static (string Minutes, List<string> Decisions, List<Measure> Measures) Minutes(V1.RecordMinutesRequest request)
    {
        var violations = new List<(string, string)>();
        violations.RequireText(request.Minutes, "minutes", PlanLimits.MaxMinutes);
        var measures = new List<Measure>();
        for (var i = 0; i < request.Decisions.Count; i++)
        {
            violations.RequireText(request.Decisions[i].Text, $"decisions[{i}].text", PlanLimits.MaxShortText);
            if (request.Decisions[i].AsMeasure is { } m)
            {
                measures.Add(PlanMapping.ToMeasure(m, violations, $"decisions[{i}].as_measure"));
            }
        }
        violations.ThrowIfAny();
        return (request.Minutes.Trim(), request.Decisions.Select(d => d.Text.Trim()).ToList(), measures);
    }

    /// <summary>A meeting starts in the future, ends after it starts, and has a place or an https video link.</summary>
    public static (DateTimeOffset StartsAt, DateTimeOffset EndsAt) Meeting(Timestamp? startsAt, Timestamp? endsAt, string place, string videoLink, string? agenda, DateTimeOffset now)
    {
        var violations = new List<(string, string)>();
        DateTimeOffset? start = null, end = null;
        try
        {
            start = RpcErrors.Time(startsAt, "starts_at");
            end = RpcErrors.Time(endsAt, "ends_at");
        }
        catch (RpcException)
        {
            violations.Add((start is null && startsAt is not null ? "starts_at" : "ends_at", "is not a valid time"));
            violations.ThrowIfAny();
        }
        if (start is null)
        {
            violations.Add(("starts_at", "is required"));
        }
        else if (start < now)
        {
            violations.Add(("starts_at", "must be in the future"));
        }
        if (end is null || (start is not null && end <= start))
        {
            violations.Add(("ends_at", "is required, after starts_at"));
        }
        if (string.IsNullOrWhiteSpace(place) && string.IsNullOrWhiteSpace(videoLink))
        {
            violations.Add(("place", "a place or a video link is required"));
        }
        violations.LimitText(place, "place", PlanLimits.MaxName);
        if (videoLink.Length > 0 && (videoLink.Length > PlanLimits.MaxLink || !Uri.TryCreate(videoLink, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps))
        {
            violations.Add(("video_link", $"must be an https address of at most {PlanLimits.MaxLink} characters"));
        }
        violations.LimitText(agenda, "agenda", PlanLimits.MaxText);
        violations.ThrowIfAny();
        return (start!.Value, end!.Value);
    }

    public static (DateTimeOffset From, DateTimeOffset To) Range(Timestamp? fromField, Timestamp? toField, DateTimeOffset now)
    {
        var from = RpcErrors.Time(fromField, "from") ?? now;
        var to = RpcErrors.Time(toField, "to") ?? now + PlanLimits.DefaultCalendarRange;
        if (to < from || to - from > PlanLimits.MaxCalendarRange)
        {
            throw RpcErrors.InvalidArgument("to", "must be after from, at most two years later");
        }
        return (from, to);
    }
}
