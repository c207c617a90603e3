using Koordinering.Domain;
using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Koordinering.Application.Data;
using Koordinering.Application.Domain;
using Koordinering.Contracts.Events;
using Koordinering.Eventing;
using Koordinering.ServiceDefaults.Audit;
using Koordinering.ServiceDefaults.Grpc;
using Koordinering.ServiceDefaults.Security;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using V1 = Koordinering.Application.V1;

namespace Koordinering.Application.Api;

public sealed class ApplicationApi(ApplicationDbContext db, TimeProvider time, IPopulationRegister register, SubjectAccess access, AuditTrail audit) : V1.ApplicationService.ApplicationServiceBase
{
    public const string ReadScope = "koordinering:application.read";
    public const string WriteScope = "koordinering:application.write";
    public const string SubmitScope = "koordinering:application.submit";
    public const int MaxTextLength = 1000;

    private static readonly ServiceScopes Scopes = new(ReadScope, WriteScope);

    public override async Task<V1.SubmitApplicationResponse> SubmitApplication(V1.SubmitApplicationRequest request, ServerCallContext context)
    {
        var now = time.GetUtcNow();
        var (submission, violations) = SubmitValidation.Validate(request, NorwegianTime.Today(now));
        if (submission is null)
        {
            throw RpcErrors.InvalidArgument(violations);
        }
        var caller = context.Caller();
        audit.Touch(submission.Person?.Value, "application:new", submission.MunicipalityNumber);
        await AuthorizeSubmitAsync(caller, submission, context.CancellationToken);

        var submittedBy = $"{caller.Kind}:{caller.Id}";
        if (await FindRetryAsync(submittedBy, request.ClientRequestId, context.CancellationToken) is { } first)
        {
            return new V1.SubmitApplicationResponse { Application = ToProto(first) };
        }

        var application = Domain.Application.Receive(new Domain.Application
        {
            Id = Guid.CreateVersion7(now),
            MunicipalityNumber = submission.MunicipalityNumber,
            ReceivedAt = now,
            PersonIdentityNumber = submission.Person?.Value,
            ExpectedBirthDate = submission.ExpectedBirthDate,
            ParentIdentityNumbers = [.. submission.Parents],
            // A caseworker vouches for the parents they name; a citizen only for themselves.
            ConfirmedParentIdentityNumbers = caller.Kind switch
            {
                CallerKind.Employee => [.. submission.Parents],
                CallerKind.Citizen => [.. submission.Parents.Where(p => p == caller.Id)],
                _ => [],
            },
            ApplicantRelation = submission.Relation,
            ApplicantOrganisation = submission.Organisation,
            RequestedRights = [.. submission.Rights],
            AssessAll = submission.AssessAll,
            Services = [.. submission.Services],
            ExpectedDuration = submission.Duration,
            ConditionDescription = submission.Condition,
            PreferredCoordinator = submission.PreferredCoordinator,
            WantsIndividualPlan = submission.WantsIndividualPlan,
            WrittenStandard = submission.WrittenStandard,
            ContactEmail = submission.Email,
            ContactMobile = submission.Mobile,
            SubmittedBy = submittedBy,
            ClientRequestId = request.ClientRequestId,
            InterimReplyDue = LegalDeadlines.InterimReplyDue(now),
        }, caller.Actor);

        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(context.CancellationToken);
            if (application.PersonIdentityNumber is { } person)
            {
                // One open case per person, right and municipality: concurrent submits queue here.
                var key = $"{application.MunicipalityNumber}:{person}";
                await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtextextended({key}, 0))", context.CancellationToken);
                var rights = application.RequestedRights;
                var open = await db.Applications.AsNoTracking()
                    .Where(a => a.MunicipalityNumber == application.MunicipalityNumber && a.PersonIdentityNumber == person
                        && (a.Status == ApplicationStatus.Received || a.Status == ApplicationStatus.InAssessment)
                        && a.RequestedRights.Any(r => rights.Contains(r)))
                    .Select(a => (Guid?)a.Id).FirstOrDefaultAsync(context.CancellationToken);
                if (open is { } openId)
                {
                    throw RpcErrors.AlreadyExists($"An open application for this person and right already exists in the municipality: {openId}.");
                }
            }
            db.Applications.Add(application);
            db.AddEvent(new EventEnvelope(now, application.MunicipalityNumber, application.Id).Stamp(new ApplicationSubmittedV1
            {
                ApplicationId = application.Id,
                PersonIdentityNumber = application.PersonIdentityNumber,
                ExpectedBirthDate = application.ExpectedBirthDate,
                // Only confirmed parents are told: naming someone gives them nothing until a caseworker confirms them.
                ParentIdentityNumbers = application.ConfirmedParentIdentityNumbers,
                ApplicantRelation = application.ApplicantRelation,
                RequestedRights = application.RequestedRights,
                AssessAll = application.AssessAll,
                Services = application.Services,
                ExpectedDuration = application.ExpectedDuration,
                WantsIndividualPlan = application.WantsIndividualPlan,
                WrittenStandard = application.WrittenStandard,
                Contact = application.ContactEmail is null && application.ContactMobile is null ? null : new ContactDetails(application.ContactEmail, application.ContactMobile),
                ReceivedAt = application.ReceivedAt,
            }));
            await db.SaveChangesAsync(context.CancellationToken);
            await transaction.CommitAsync(context.CancellationToken);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: "ux_applications_client_request" })
        {
            // The same request, submitted twice at once: the other one won.
            db.ChangeTracker.Clear();
            first = await FindRetryAsync(submittedBy, request.ClientRequestId, context.CancellationToken);
            if (first is null)
            {
                throw;
            }
            return new V1.SubmitApplicationResponse { Application = ToProto(first) };
        }
        return new V1.SubmitApplicationResponse { Application = ToProto(application) };
    }

    public override async Task<V1.GetApplicationResponse> GetApplication(V1.GetApplicationRequest request, ServerCallContext context)
    {
        var (application, _) = await LoadAsync(request.ApplicationId, context, Reach.Read, tracked: false);
        return new V1.GetApplicationResponse { Application = ToProto(application) };
    }

    public override async Task<V1.ListApplicationsResponse> ListApplications(V1.ListApplicationsRequest request, ServerCallContext context)
    {
        var size = PageToken.Size(request.PageSize);
        var after = PageToken.Decode(request.PageToken);
        if (!SubmitValidation.IsMunicipalityNumber(request.MunicipalityNumber))
        {
            throw RpcErrors.InvalidArgument("municipality_number", "must be a municipality number of four digits");
        }
        var caller = context.Caller();
        audit.Touch(null, $"applications:{request.MunicipalityNumber}", request.MunicipalityNumber);
        if (!access.CanReadMunicipality(caller, request.MunicipalityNumber, ReadScope))
        {
            throw RpcErrors.PermissionDenied("Only the municipality's caseworkers, or systems with the read scope, may list its cases.");
        }

        var query = db.Applications.AsNoTracking().Where(a => a.MunicipalityNumber == request.MunicipalityNumber);
        if (request.Statuses.Count > 0)
        {
            var statuses = request.Statuses.Select(s => s == V1.ApplicationStatus.Unspecified
                ? throw RpcErrors.InvalidArgument("statuses", "must not contain an unspecified status")
                : (ApplicationStatus)s).ToList();
            query = query.Where(a => statuses.Contains(a.Status));
        }
        var now = time.GetUtcNow();
        query = request.Deadline switch
        {
            V1.DeadlineFilter.Nearing => query.Where(a => (a.Status == ApplicationStatus.Received || a.Status == ApplicationStatus.InAssessment)
                && a.InterimReplyDue >= now && a.InterimReplyDue <= now.AddDays(7)),
            V1.DeadlineFilter.Passed => query.Where(a => (a.Status == ApplicationStatus.Received || a.Status == ApplicationStatus.InAssessment)
                && a.InterimReplyDue < now),
            V1.DeadlineFilter.Unspecified => query,
            _ => throw RpcErrors.InvalidArgument("deadline", "must be nearing or passed"),
        };
        var page = await Page(query, after, size, context.CancellationToken);
        audit.Disclosed(page.Items, a => a.PersonIdentityNumber, a => $"application:{a.Id}");
        var response = new V1.ListApplicationsResponse { NextPageToken = page.Next };
        response.Applications.AddRange(page.Items.Select(ToProto));
        return response;
    }

    public override async Task<V1.ListMyApplicationsResponse> ListMyApplications(V1.ListMyApplicationsRequest request, ServerCallContext context)
    {
        var size = PageToken.Size(request.PageSize);
        var after = PageToken.Decode(request.PageToken);
        var caller = context.Caller();
        if (caller.Kind != CallerKind.Citizen)
        {
            throw RpcErrors.PermissionDenied("This list is a citizen's own; caseworkers use ListApplications.");
        }
        audit.Touch(caller.Id, "applications:mine");
        var children = await register.ChildrenOfAsync(caller.Id, context.CancellationToken);
        var submittedBy = $"{CallerKind.Citizen}:{caller.Id}";
        var query = db.Applications.AsNoTracking().Where(a =>
            a.PersonIdentityNumber == caller.Id || a.SubmittedBy == submittedBy || (a.PersonIdentityNumber != null && children.Contains(a.PersonIdentityNumber)));
        var page = await Page(query, after, size, context.CancellationToken);
        audit.Disclosed(page.Items, a => a.PersonIdentityNumber, a => $"application:{a.Id}");
        var response = new V1.ListMyApplicationsResponse { NextPageToken = page.Next };
        response.Applications.AddRange(page.Items.Select(ToProto));
        return response;
    }

    public override async Task<V1.GetApplicationHistoryResponse> GetApplicationHistory(V1.GetApplicationHistoryRequest request, ServerCallContext context)
    {
        var (application, _) = await LoadAsync(request.ApplicationId, context, Reach.Read, tracked: false);
        var entries = await db.History.AsNoTracking().Where(h => h.ApplicationId == application.Id)
            .OrderBy(h => h.At).ThenBy(h => h.Id).ToListAsync(context.CancellationToken);
        var response = new V1.GetApplicationHistoryResponse();
        response.Entries.AddRange(entries.Select(h => new V1.HistoryEntry
        {
            At = Timestamp.FromDateTimeOffset(h.At),
            Actor = h.Actor,
            Action = h.Action,
            FromStatus = h.FromStatus is { } f ? (V1.ApplicationStatus)f : V1.ApplicationStatus.Unspecified,
            ToStatus = h.ToStatus is { } t ? (V1.ApplicationStatus)t : V1.ApplicationStatus.Unspecified,
            Detail = h.Detail ?? "",
        }));
        return response;
    }

    public override async Task<V1.WithdrawApplicationResponse> WithdrawApplication(V1.WithdrawApplicationRequest request, ServerCallContext context)
    {
        CheckLength(request.Reason, "reason");
        var (application, caller) = await LoadAsync(request.ApplicationId, context, Reach.Owner, tracked: true);
        var now = time.GetUtcNow();
        application.Withdraw(caller.Actor, request.Reason.NullIfBlank(), now);
        db.AddEvent(new EventEnvelope(now, application.MunicipalityNumber, application.Id).Stamp(new ApplicationWithdrawnV1
        {
            ApplicationId = application.Id,
        }));
        await db.SaveChangesAsync(context.CancellationToken);
        return new V1.WithdrawApplicationResponse { Application = ToProto(application) };
    }

    public override async Task<V1.RecordInterimReplyResponse> RecordInterimReply(V1.RecordInterimReplyRequest request, ServerCallContext context)
    {
        var now = time.GetUtcNow();
        var violations = new List<(string, string)>();
        if (string.IsNullOrWhiteSpace(request.Reason) || request.Reason.Length > MaxTextLength)
        {
            violations.Add(("reason", $"is required, at most {MaxTextLength} characters"));
        }
        if (!DateOnly.TryParseExact(request.ExpectedDecisionDate, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var expected))
        {
            violations.Add(("expected_decision_date", "must be a date, YYYY-MM-DD"));
        }
        else if (expected <= NorwegianTime.Today(now) || expected > NorwegianTime.Today(now).AddYears(1))
        {
            violations.Add(("expected_decision_date", "must be after today and within a year"));
        }
        if (violations.Count > 0)
        {
            throw RpcErrors.InvalidArgument(violations);
        }

        var (application, caller) = await LoadAsync(request.ApplicationId, context, Reach.Administer, tracked: true);
        application.RecordInterimReply(caller.Actor, request.Reason.Trim(), expected, automatic: false, now);
        db.AddEvent(InterimReplyEvent(application, now));
        await db.SaveChangesAsync(context.CancellationToken);
        return new V1.RecordInterimReplyResponse { Application = ToProto(application) };
    }

    public override async Task<V1.RegisterAppealResponse> RegisterAppeal(V1.RegisterAppealRequest request, ServerCallContext context)
    {
        if (request.Grounds.Length > SubmitValidation.MaxConditionLength)
        {
            throw RpcErrors.InvalidArgument("grounds", $"must be at most {SubmitValidation.MaxConditionLength} characters");
        }
        var now = time.GetUtcNow();
        var receivedAt = RpcErrors.Time(request.ReceivedAt, "received_at") ?? now;
        if (receivedAt > now)
        {
            throw RpcErrors.InvalidArgument("received_at", "must not be in the future");
        }
        var (application, caller) = await LoadAsync(request.ApplicationId, context, Reach.Owner, tracked: true);
        application.Appeal(caller.Actor, receivedAt, request.Grounds.NullIfBlank(), now);
        db.AddEvent(new EventEnvelope(now, application.MunicipalityNumber, application.Id).Stamp(new AppealRegisteredV1
        {
            ApplicationId = application.Id,
            Deadline = application.AppealDeadline!.Value,
            Late = application.AppealLate,
        }));
        await db.SaveChangesAsync(context.CancellationToken);
        return new V1.RegisterAppealResponse { Application = ToProto(application) };
    }

    public override async Task<V1.ForwardAppealResponse> ForwardAppeal(V1.ForwardAppealRequest request, ServerCallContext context)
    {
        var (application, caller) = await LoadAsync(request.ApplicationId, context, Reach.Administer, tracked: true);
        var now = time.GetUtcNow();
        application.ForwardAppeal(caller.Actor, now);
        db.AddEvent(new EventEnvelope(now, application.MunicipalityNumber, application.Id).Stamp(new AppealForwardedV1
        {
            ApplicationId = application.Id,
        }));
        await db.SaveChangesAsync(context.CancellationToken);
        return new V1.ForwardAppealResponse { Application = ToProto(application) };
    }

    public override async Task<V1.ConfirmParentResponse> ConfirmParent(V1.ConfirmParentRequest request, ServerCallContext context)
    {
        var (application, caller) = await LoadAsync(request.ApplicationId, context, Reach.Administer, tracked: true);
        if (application.ParentIdentityNumbers.Count == 0)
        {
            throw RpcErrors.FailedPrecondition("This application names no parents: it is not for an expected child.");
        }
        if (!application.ParentIdentityNumbers.Contains(request.ParentIdentityNumber))
        {
            throw RpcErrors.InvalidArgument("parent_identity_number", "must be one of the parents named on the application");
        }
        application.ConfirmParent(request.ParentIdentityNumber, caller.Actor, time.GetUtcNow());
        await db.SaveChangesAsync(context.CancellationToken);
        return new V1.ConfirmParentResponse { Application = ToProto(application) };
    }

    public override async Task<V1.RecordAppealOutcomeResponse> RecordAppealOutcome(V1.RecordAppealOutcomeRequest request, ServerCallContext context)
    {
        AppealOutcome outcome = request.Outcome switch
        {
            V1.AppealOutcome.Upheld => AppealOutcome.Upheld,
            V1.AppealOutcome.Changed => AppealOutcome.Changed,
            V1.AppealOutcome.SetAside => AppealOutcome.SetAside,
            _ => throw RpcErrors.InvalidArgument("outcome", "must be upheld, changed or set aside"),
        };
        var (application, caller) = await LoadAsync(request.ApplicationId, context, Reach.Administer, tracked: true);
        application.RecordAppealOutcome(caller.Actor, outcome, time.GetUtcNow());
        await db.SaveChangesAsync(context.CancellationToken);
        return new V1.RecordAppealOutcomeResponse { Application = ToProto(application) };
    }

    public static InterimReplyRequestedV1 InterimReplyEvent(Domain.Application application, DateTimeOffset now) => new EventEnvelope(now, application.MunicipalityNumber, application.Id).Stamp(new InterimReplyRequestedV1
    {
        ApplicationId = application.Id,
        PersonIdentityNumber = application.PersonIdentityNumber,
        Reason = application.InterimReplyReason!,
        ExpectedDecisionDate = application.InterimReplyExpectedDate!.Value,
        Automatic = application.InterimReplyAutomatic,
        WrittenStandard = application.WrittenStandard,
    });

    private async Task<(Domain.Application Application, Caller Caller)> LoadAsync(string idText, ServerCallContext context, Reach needed, bool tracked)
    {
        var id = RpcErrors.ParseId(idText, "application_id");
        var caller = context.Caller();
        var query = tracked ? db.Applications : db.Applications.AsNoTracking();
        var application = await query.FirstOrDefaultAsync(a => a.Id == id, context.CancellationToken);
        audit.Touch(application?.PersonIdentityNumber, $"application:{id}", application?.MunicipalityNumber);
        var reach = application is null ? Reach.None : await ReachAsync(caller, application, context.CancellationToken);
        if (application is null || reach == Reach.None)
        {
            throw RpcErrors.NotFound("application");
        }
        var allowed = reach >= needed;
        if (!allowed)
        {
            throw RpcErrors.PermissionDenied(needed == Reach.Administer
                ? "Only a caseworker of the municipality may do this."
                : "Only the person, their guardian or a caseworker of the municipality may do this.");
        }
        return (application, caller);
    }

    /// <summary>The shared model; who submitted an application, and an expected child's parents, own it too.</summary>
    private ValueTask<Reach> ReachAsync(Caller caller, Domain.Application application, CancellationToken cancellationToken) =>
        access.ReachAsync(caller, application.PersonIdentityNumber, application.MunicipalityNumber, Scopes, cancellationToken,
            alsoOwners: application.SubmittedBy.StartsWith($"{CallerKind.Citizen}:", StringComparison.Ordinal)
                ? [.. application.ConfirmedParentIdentityNumbers, application.SubmittedBy[($"{CallerKind.Citizen}:".Length)..]]
                : application.ConfirmedParentIdentityNumbers);

    private async Task AuthorizeSubmitAsync(Caller caller, SubmitValidation.Submission submission, CancellationToken cancellationToken)
    {
        var allowed = caller.Kind switch
        {
            CallerKind.Citizen => submission.Relation switch
            {
                ApplicantRelation.Person => submission.Person?.Value == caller.Id,
                ApplicantRelation.ParentOrGuardian => submission.Person is { } child
                    ? await register.IsGuardianAsync(caller.Id, child.Value, cancellationToken)
                    : submission.Parents.Contains(caller.Id),
                _ => false,
            },
            CallerKind.Employee => caller.MunicipalityNumber == submission.MunicipalityNumber,
            CallerKind.System => access.MunicipalitiesServed(caller, SubmitScope).Contains(submission.MunicipalityNumber),
            _ => false,
        };
        if (!allowed)
        {
            throw RpcErrors.PermissionDenied(caller.Kind switch
            {
                CallerKind.Citizen => "A citizen may apply for themselves, or as a parent for their own child or expected child.",
                CallerKind.Employee => "An employee may submit applications only in their own municipality.",
                CallerKind.System => $"A system client needs the scope '{SubmitScope}', for a municipality it serves.",
                _ => "This caller may not submit applications.",
            });
        }
    }

    private static async Task<(List<Domain.Application> Items, string Next)> Page(IQueryable<Domain.Application> query, (DateTimeOffset At, Guid Id)? after, int size, CancellationToken cancellationToken)
    {
        if (after is { } a)
        {
            query = query.Where(x => x.ReceivedAt > a.At || (x.ReceivedAt == a.At && x.Id.CompareTo(a.Id) > 0));
        }
        var items = await query.OrderBy(x => x.ReceivedAt).ThenBy(x => x.Id).Take(size + 1).ToListAsync(cancellationToken);
        var next = items.Count > size ? PageToken.Encode(items[size - 1].ReceivedAt, items[size - 1].Id) : "";
        return (items.Take(size).ToList(), next);
    }

    private Task<Domain.Application?> FindRetryAsync(string submittedBy, string clientRequestId, CancellationToken cancellationToken) =>
        db.Applications.AsNoTracking().FirstOrDefaultAsync(a => a.SubmittedBy == submittedBy && a.ClientRequestId == clientRequestId, cancellationToken);

    private static void CheckLength(string value, string field)
    {
        if (value.Length > MaxTextLength)
        {
            throw RpcErrors.InvalidArgument(field, $"must be at most {MaxTextLength} characters");
        }
    }

    private static V1.Application ToProto(Domain.Application a)
    {
        var proto = new V1.Application
        {
            ApplicationId = a.Id.ToString(),
            MunicipalityNumber = a.MunicipalityNumber,
            Status = (V1.ApplicationStatus)a.Status,
            ReceivedAt = Timestamp.FromDateTimeOffset(a.ReceivedAt),
            AssessAll = a.AssessAll,
            PersonIdentityNumber = a.PersonIdentityNumber ?? "",
            Applicant = new V1.Applicant { Relation = (V1.ApplicantRelation)a.ApplicantRelation, Organisation = a.ApplicantOrganisation ?? "" },
            ExpectedDuration = a.ExpectedDuration switch
            {
                ExpectedDuration.ShortTerm => V1.ExpectedDuration.ShortTerm,
                ExpectedDuration.LongTerm => V1.ExpectedDuration.LongTerm,
                _ => V1.ExpectedDuration.Unknown,
            },
            ConditionDescription = a.ConditionDescription ?? "",
            Wishes = new V1.Wishes
            {
                PreferredCoordinator = a.PreferredCoordinator ?? "",
                WantsIndividualPlan = a.WantsIndividualPlan,
                WrittenStandard = (Common.V1.WrittenStandard)a.WrittenStandard,
                Contact = new V1.Contact { Email = a.ContactEmail ?? "", Mobile = a.ContactMobile ?? "" },
            },
            InterimReplyDue = Timestamp.FromDateTimeOffset(a.InterimReplyDue),
            DecidedAt = a.DecidedAt is { } d ? Timestamp.FromDateTimeOffset(d) : null,
        };
        proto.RequestedRights.AddRange(a.RequestedRights.Select(r => (V1.RequestedRight)r));
        proto.Services.AddRange(a.Services.Select(s => new V1.ServiceNeed { Kind = (V1.ServiceKind)s.Kind, Category = s.Category, Provider = s.Provider ?? "" }));
        if (a.ExpectedBirthDate is { } due)
        {
            proto.ExpectedChild = new V1.ExpectedChild { ExpectedBirthDate = due.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) };
            proto.ExpectedChild.ParentIdentityNumbers.AddRange(a.ParentIdentityNumbers);
            proto.ExpectedChild.ConfirmedParentIdentityNumbers.AddRange(a.ConfirmedParentIdentityNumbers);
        }
        if (a.InterimReplyRecordedAt is { } recorded)
        {
            proto.InterimReply = new V1.InterimReply
            {
                Reason = a.InterimReplyReason ?? "",
                ExpectedDecisionDate = a.InterimReplyExpectedDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "",
                Automatic = a.InterimReplyAutomatic,
                RecordedAt = Timestamp.FromDateTimeOffset(recorded),
            };
        }
        if (a.AppealReceivedAt is { } appealed)
        {
            proto.Appeal = new V1.Appeal
            {
                ReceivedAt = Timestamp.FromDateTimeOffset(appealed),
                Deadline = Timestamp.FromDateTimeOffset(a.AppealDeadline!.Value),
                Late = a.AppealLate,
                Outcome = a.AppealOutcome is { } o ? (V1.AppealOutcome)o : V1.AppealOutcome.Unspecified,
            };
        }
        return proto;
    }
}
