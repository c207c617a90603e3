using System.Globalization;
using Grpc.Core;
using Koordinering.Application.Applications;
using Koordinering.Application.Domain;
using Koordinering.Domain;
using Koordinering.ServiceDefaults.Grpc;
using V1 = Koordinering.Application.V1;

namespace Koordinering.Application.Api;

/// <summary>The application API: checks and maps the messages; the handlers decide.</summary>
public sealed class ApplicationApi(SubmitHandler submit, ApplicationHandler applications, ApplicationQueries queries, TimeProvider time) : V1.ApplicationService.ApplicationServiceBase
{
    public override async Task<V1.SubmitApplicationResponse> SubmitApplication(V1.SubmitApplicationRequest request, ServerCallContext context)
    {
        var (submission, violations) = SubmitValidation.Validate(request, NorwegianTime.Today(time.GetUtcNow()));
        if (submission is null)
        {
            throw RpcErrors.InvalidArgument(violations);
        }
        return new() { Application = ApplicationMapping.ToProto(await submit.SubmitAsync(context.Caller(), submission, request.ClientRequestId, context.CancellationToken)) };
    }

    public override async Task<V1.GetApplicationResponse> GetApplication(V1.GetApplicationRequest request, ServerCallContext context) =>
        new() { Application = ApplicationMapping.ToProto(await queries.GetAsync(context.Caller(), Id(request.ApplicationId), context.CancellationToken)) };

    public override async Task<V1.ListApplicationsResponse> ListApplications(V1.ListApplicationsRequest request, ServerCallContext context)
    {
        var size = PageToken.Size(request.PageSize);
        var after = PageToken.Decode(request.PageToken);
        if (!SubmitValidation.IsMunicipalityNumber(request.MunicipalityNumber))
        {
            throw RpcErrors.InvalidArgument("municipality_number", "must be a municipality number of four digits");
        }
        var statuses = request.Statuses.Select(s => s == V1.ApplicationStatus.Unspecified
            ? throw RpcErrors.InvalidArgument("statuses", "must not contain an unspecified status")
            : (ApplicationStatus)s).ToList();
        var deadline = request.Deadline switch
        {
            V1.DeadlineFilter.Nearing => DeadlineFilter.Nearing,
            V1.DeadlineFilter.Passed => DeadlineFilter.Passed,
            V1.DeadlineFilter.Unspecified => DeadlineFilter.None,
            _ => throw RpcErrors.InvalidArgument("deadline", "must be nearing or passed"),
        };
        var (items, next) = await queries.ListAsync(context.Caller(), request.MunicipalityNumber, statuses, deadline, after, size, context.CancellationToken);
        var response = new V1.ListApplicationsResponse { NextPageToken = next };
        response.Applications.AddRange(items.Select(ApplicationMapping.ToProto));
        return response;
    }

    public override async Task<V1.ListMyApplicationsResponse> ListMyApplications(V1.ListMyApplicationsRequest request, ServerCallContext context)
    {
        var size = PageToken.Size(request.PageSize);
        var after = PageToken.Decode(request.PageToken);
        var (items, next) = await queries.MineAsync(context.Caller(), after, size, context.CancellationToken);
        var response = new V1.ListMyApplicationsResponse { NextPageToken = next };
        response.Applications.AddRange(items.Select(ApplicationMapping.ToProto));
        return response;
    }

    public override async Task<V1.GetApplicationHistoryResponse> GetApplicationHistory(V1.GetApplicationHistoryRequest request, ServerCallContext context)
    {
        var response = new V1.GetApplicationHistoryResponse();
        response.Entries.AddRange((await queries.HistoryAsync(context.Caller(), Id(request.ApplicationId), context.CancellationToken)).Select(ApplicationMapping.ToProto));
        return response;
    }

    public override async Task<V1.WithdrawApplicationResponse> WithdrawApplication(V1.WithdrawApplicationRequest request, ServerCallContext context)
    {
        var violations = new List<(string, string)>();
        violations.LimitText(request.Reason, "reason", ApplicationLimits.MaxText);
        violations.ThrowIfAny();
        return new() { Application = ApplicationMapping.ToProto(await applications.WithdrawAsync(context.Caller(), Id(request.ApplicationId), request.Reason.NullIfBlank(), context.CancellationToken)) };
    }

    public override async Task<V1.RecordInterimReplyResponse> RecordInterimReply(V1.RecordInterimReplyRequest request, ServerCallContext context)
    {
        var today = NorwegianTime.Today(time.GetUtcNow());
        var violations = new List<(string, string)>();
        violations.RequireText(request.Reason, "reason", ApplicationLimits.MaxText);
        if (!DateOnly.TryParseExact(request.ExpectedDecisionDate, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var expected))
        {
            violations.Add(("expected_decision_date", "must be a date, YYYY-MM-DD"));
        }
        else if (expected <= today || expected > today.AddYears(ApplicationLimits.MaxYearsToExpectedDecision))
        {
            violations.Add(("expected_decision_date", "must be after today and within a year"));
        }
        violations.ThrowIfAny();
        var application = await applications.RecordInterimReplyAsync(context.Caller(), Id(request.ApplicationId), request.Reason.Trim(), expected, context.CancellationToken);
        return new() { Application = ApplicationMapping.ToProto(application) };
    }

    public override async Task<V1.RegisterAppealResponse> RegisterAppeal(V1.RegisterAppealRequest request, ServerCallContext context)
    {
        var violations = new List<(string, string)>();
        violations.LimitText(request.Grounds, "grounds", ApplicationLimits.MaxCondition);
        violations.ThrowIfAny();
        var now = time.GetUtcNow();
        var receivedAt = RpcErrors.Time(request.ReceivedAt, "received_at") ?? now;
        if (receivedAt > now)
        {
            throw RpcErrors.InvalidArgument("received_at", "must not be in the future");
        }
        var application = await applications.RegisterAppealAsync(context.Caller(), Id(request.ApplicationId), receivedAt, request.Grounds.NullIfBlank(), context.CancellationToken);
        return new() { Application = ApplicationMapping.ToProto(application) };
    }

    public override async Task<V1.ForwardAppealResponse> ForwardAppeal(V1.ForwardAppealRequest request, ServerCallContext context) =>
        new() { Application = ApplicationMapping.ToProto(await applications.ForwardAppealAsync(context.Caller(), Id(request.ApplicationId), context.CancellationToken)) };

    public override async Task<V1.ConfirmParentResponse> ConfirmParent(V1.ConfirmParentRequest request, ServerCallContext context) =>
        new() { Application = ApplicationMapping.ToProto(await applications.ConfirmParentAsync(context.Caller(), Id(request.ApplicationId), request.ParentIdentityNumber, context.CancellationToken)) };

    public override async Task<V1.RecordAppealOutcomeResponse> RecordAppealOutcome(V1.RecordAppealOutcomeRequest request, ServerCallContext context)
    {
        var outcome = request.Outcome switch
        {
            V1.AppealOutcome.Upheld => AppealOutcome.Upheld,
            V1.AppealOutcome.Changed => AppealOutcome.Changed,
            V1.AppealOutcome.SetAside => AppealOutcome.SetAside,
            _ => throw RpcErrors.InvalidArgument("outcome", "must be upheld, changed or set aside"),
        };
        return new() { Application = ApplicationMapping.ToProto(await applications.RecordAppealOutcomeAsync(context.Caller(), Id(request.ApplicationId), outcome, context.CancellationToken)) };
    }

    private static Guid Id(string text) => RpcErrors.ParseId(text, "application_id");
}
