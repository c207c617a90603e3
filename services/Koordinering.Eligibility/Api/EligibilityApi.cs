using Koordinering.Domain;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Koordinering.Contracts.Events;
using Koordinering.Eligibility.Data;
using Koordinering.Eligibility.Domain;
using Koordinering.Eligibility.Domain.Rules;
using Koordinering.Eventing;
using Koordinering.ServiceDefaults.Audit;
using Koordinering.ServiceDefaults.Grpc;
using Koordinering.ServiceDefaults.Security;
using Microsoft.EntityFrameworkCore;
using CommonV1 = Koordinering.Common.V1;
using V1 = Koordinering.Eligibility.V1;

namespace Koordinering.Eligibility.Api;

public sealed class EligibilityApi(EligibilityDbContext db, TimeProvider time, SubjectAccess access, AuditTrail audit) : V1.EligibilityService.EligibilityServiceBase
{
    public const string ReadScope = "koordinering:eligibility.read";
    public const string WriteScope = "koordinering:eligibility.write";

    public override async Task<V1.GetAssessmentResponse> GetAssessment(V1.GetAssessmentRequest request, ServerCallContext context)
    {
        var id = RpcErrors.ParseId(request.AssessmentId, "assessment_id");
        var assessment = await LoadAsync(a => a.Id == id, context, write: false, tracked: false);
        return new V1.GetAssessmentResponse { Assessment = ToProto(assessment) };
    }

    public override async Task<V1.GetAssessmentForApplicationResponse> GetAssessmentForApplication(V1.GetAssessmentForApplicationRequest request, ServerCallContext context)
    {
        var id = RpcErrors.ParseId(request.ApplicationId, "application_id");
        var assessment = await LoadAsync(a => a.ApplicationId == id, context, write: false, tracked: false);
        return new V1.GetAssessmentForApplicationResponse { Assessment = ToProto(assessment) };
    }

    public override async Task<V1.ListAwaitingJudgementResponse> ListAwaitingJudgement(V1.ListAwaitingJudgementRequest request, ServerCallContext context)
    {
        var size = PageToken.Size(request.PageSize);
        var after = PageToken.Decode(request.PageToken);
        if (request.MunicipalityNumber.Length != 4 || !request.MunicipalityNumber.All(char.IsAsciiDigit))
        {
            throw RpcErrors.InvalidArgument("municipality_number", "must be a municipality number of four digits");
        }
        audit.Touch(null, $"assessments:queue:{request.MunicipalityNumber}", request.MunicipalityNumber);
        if (!access.CanReadMunicipality(context.Caller(), request.MunicipalityNumber, ReadScope))
        {
            throw RpcErrors.PermissionDenied("Only the municipality's caseworkers, or systems with the read scope, may see its queue.");
        }
        var query = Full().AsNoTracking().Where(a => a.MunicipalityNumber == request.MunicipalityNumber
            && (a.Status == AssessmentStatus.AwaitingJudgement || a.Status == AssessmentStatus.PreAssessed));
        if (after is { } k)
        {
            query = query.Where(a => a.CreatedAt > k.At || (a.CreatedAt == k.At && a.Id.CompareTo(k.Id) > 0));
        }
        var items = await query.OrderBy(a => a.CreatedAt).ThenBy(a => a.Id).Take(size + 1).AsSplitQuery().ToListAsync(context.CancellationToken);
        var response = new V1.ListAwaitingJudgementResponse
        {
            NextPageToken = items.Count > size ? PageToken.Encode(items[size - 1].CreatedAt, items[size - 1].Id) : "",
        };
        response.Assessments.AddRange(items.Take(size).Select(ToProto));
        audit.Disclosed(items.Take(size), a => a.PersonIdentityNumber, a => $"assessment:{a.Id}");
        return response;
    }

    public override async Task<V1.RecordFindingResponse> RecordFinding(V1.RecordFindingRequest request, ServerCallContext context)
    {
        var id = RpcErrors.ParseId(request.AssessmentId, "assessment_id");
        var violations = new List<(string, string)>();
        var finding = request.Finding switch
        {
            V1.CriterionOutcome.Met => CriterionOutcome.Met,
            V1.CriterionOutcome.NotMet => CriterionOutcome.NotMet,
            _ => (CriterionOutcome?)null,
        };
        if (finding is null)
        {
            violations.Add(("finding", "must be met or not met"));
        }
        RequireText(request.Grounds, "grounds", violations);
        if (string.IsNullOrWhiteSpace(request.CriterionId))
        {
            violations.Add(("criterion_id", "is required"));
        }
        if (violations.Count > 0)
        {
            throw RpcErrors.InvalidArgument(violations);
        }

        var assessment = await LoadAsync(a => a.Id == id, context, write: true, tracked: true);
        if (assessment.Criteria.All(c => c.CriterionId != request.CriterionId))
        {
            throw RpcErrors.InvalidArgument("criterion_id", "is not a criterion of this assessment");
        }
        assessment.RecordFinding(request.CriterionId, finding!.Value, request.Grounds.Trim(), context.Caller().Actor, time.GetUtcNow());
        await db.SaveChangesAsync(context.CancellationToken);
        return new V1.RecordFindingResponse { Assessment = ToProto(assessment) };
    }

    public override async Task<V1.DecideResponse> Decide(V1.DecideRequest request, ServerCallContext context)
    {
        var id = RpcErrors.ParseId(request.AssessmentId, "assessment_id");
        var inputs = new List<(RequestedRight, DecisionOutcome, string)>();
        var violations = new List<(string, string)>();
        if (request.Decisions.Count == 0)
        {
            violations.Add(("decisions", "must decide at least one right"));
        }
        for (var i = 0; i < request.Decisions.Count; i++)
        {
            if (ReadInput(request.Decisions[i], $"decisions[{i}]", violations) is { } input)
            {
                if (inputs.Any(x => x.Item1 == input.Item1))
                {
                    violations.Add(($"decisions[{i}].right", "is decided twice in this request"));
                }
                inputs.Add(input);
            }
        }
        if (violations.Count > 0)
        {
            throw RpcErrors.InvalidArgument(violations);
        }

        var assessment = await LoadAsync(a => a.Id == id, context, write: true, tracked: true);
        var now = time.GetUtcNow();
        var made = assessment.Decide(inputs, context.Caller().Actor, now);
        db.AddEvent(new EventEnvelope(now, assessment.MunicipalityNumber, assessment.Id).Stamp(new DecidedV1
        {
            AssessmentId = assessment.Id,
            ApplicationId = assessment.ApplicationId,
            PersonIdentityNumber = assessment.PersonIdentityNumber,
            Decisions = made.Select(ToEvent).ToList(),
            DecidedAt = now,
            WrittenStandard = assessment.WrittenStandard,
        }));
        await db.SaveChangesAsync(context.CancellationToken);
        return new V1.DecideResponse { Assessment = ToProto(assessment) };
    }

    public override async Task<V1.ReverseDecisionResponse> ReverseDecision(V1.ReverseDecisionRequest request, ServerCallContext context)
    {
        var id = RpcErrors.ParseId(request.AssessmentId, "assessment_id");
        var violations = new List<(string, string)>();
        var input = request.Decision is null ? null : ReadInput(request.Decision, "decision", violations);
        if (request.Decision is null)
        {
            violations.Add(("decision", "is required"));
        }
        if (violations.Count > 0 || input is null)
        {
            throw RpcErrors.InvalidArgument(violations);
        }

        var assessment = await LoadAsync(a => a.Id == id, context, write: true, tracked: true);
        var now = time.GetUtcNow();
        var decision = assessment.Reverse(input.Value.Right, input.Value.Outcome, input.Value.Reasons, context.Caller().Actor, now);
        db.AddEvent(new EventEnvelope(now, assessment.MunicipalityNumber, assessment.Id).Stamp(new DecisionReversedV1
        {
            AssessmentId = assessment.Id,
            ApplicationId = assessment.ApplicationId,
            PersonIdentityNumber = assessment.PersonIdentityNumber,
            Decision = ToEvent(decision!),
            DecidedAt = now,
            WrittenStandard = assessment.WrittenStandard,
        }));
        await db.SaveChangesAsync(context.CancellationToken);
        return new V1.ReverseDecisionResponse { Assessment = ToProto(assessment) };
    }

    private IQueryable<Assessment> Full() => db.Assessments.Include(a => a.Criteria).Include(a => a.Decisions);

    private async Task<Assessment> LoadAsync(System.Linq.Expressions.Expression<Func<Assessment, bool>> which, ServerCallContext context, bool write, bool tracked)
    {
        var query = tracked ? Full() : Full().AsNoTracking();
        var assessment = await query.AsSplitQuery().FirstOrDefaultAsync(which, context.CancellationToken);
        audit.Touch(assessment?.PersonIdentityNumber, $"assessment:{assessment?.Id}", assessment?.MunicipalityNumber);
        var caller = context.Caller();
        var reach = assessment is null ? Reach.None
            : await access.ReachAsync(caller, assessment.PersonIdentityNumber, assessment.MunicipalityNumber, new ServiceScopes(ReadScope, WriteScope), context.CancellationToken);
        if (assessment is null || reach == Reach.None)
        {
            throw RpcErrors.NotFound("assessment");
        }
        if (write && reach < Reach.Administer)
        {
            throw RpcErrors.PermissionDenied("Only a caseworker of the municipality may assess and decide.");
        }
        return assessment;
    }

    private static (RequestedRight Right, DecisionOutcome Outcome, string Reasons)? ReadInput(V1.RightDecisionInput input, string prefix, List<(string, string)> violations)
    {
        RequestedRight? right = input.Right switch
        {
            V1.Right.Coordinator => RequestedRight.Coordinator,
            V1.Right.ChildCoordinator => RequestedRight.ChildCoordinator,
            V1.Right.IndividualPlan => RequestedRight.IndividualPlan,
            _ => null,
        };
        DecisionOutcome? outcome = input.Outcome switch
        {
            V1.DecisionOutcome.Granted => DecisionOutcome.Granted,
            V1.DecisionOutcome.Rejected => DecisionOutcome.Rejected,
            _ => null,
        };
        var before = violations.Count;
        if (right is null)
        {
            violations.Add(($"{prefix}.right", "must be coordinator, child coordinator or individual plan"));
        }
        if (outcome is null)
        {
            violations.Add(($"{prefix}.outcome", "must be granted or rejected"));
        }
        RequireText(input.Reasons, $"{prefix}.reasons", violations);
        return violations.Count > before ? null : (right!.Value, outcome!.Value, input.Reasons.Trim());
    }

    private static void RequireText(string value, string field, List<(string, string)> violations)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Length > Assessment.MaxTextLength)
        {
            violations.Add((field, $"is required, at most {Assessment.MaxTextLength} characters"));
        }
    }

    private static RightDecision ToEvent(Decision d) =>
        new(d.Id, d.Right, d.Outcome, d.Version, d.LegalBasis, d.Reasons, d.FailedCriteria);

    private static CommonV1.LocalizedText Text(string? nb, string? nn) => new() { Nb = nb ?? "", Nn = nn ?? "" };

    private static V1.Assessment ToProto(Assessment a)
    {
        var proto = new V1.Assessment
        {
            AssessmentId = a.Id.ToString(),
            ApplicationId = a.ApplicationId.ToString(),
            MunicipalityNumber = a.MunicipalityNumber,
            Status = (V1.AssessmentStatus)a.Status,
            RuleSetVersion = a.RuleSetVersion,
            CreatedAt = Timestamp.FromDateTimeOffset(a.CreatedAt),
            CoordinationLeadRecommendation = a.CoordinationLeadNb is null ? null : Text(a.CoordinationLeadNb, a.CoordinationLeadNn),
        };
        foreach (var right in a.Rights)
        {
            var r = new V1.RightAssessment { Right = (V1.Right)right, Preliminary = (V1.CriterionOutcome)a.Preliminary(right), LegalBasis = DecisionTexts.LegalBasis(right) };
            r.Criteria.AddRange(a.Criteria.Where(c => c.Right == right).OrderBy(c => c.CriterionId, StringComparer.Ordinal).Select(c => new V1.Criterion
            {
                CriterionId = c.CriterionId,
                Right = (V1.Right)c.Right,
                Description = Text(c.DescriptionNb, c.DescriptionNn),
                RuleOutcome = (V1.CriterionOutcome)c.RuleOutcome,
                RuleGrounds = Text(c.RuleGroundsNb, c.RuleGroundsNn),
                LegalReference = c.LegalReference,
                Finding = c.Finding is { } f ? (V1.CriterionOutcome)f : V1.CriterionOutcome.Unspecified,
                FindingGrounds = c.FindingGrounds ?? "",
                FoundBy = c.FoundBy ?? "",
                FoundAt = c.FoundAt is { } at ? Timestamp.FromDateTimeOffset(at) : null,
                Outcome = (V1.CriterionOutcome)c.Outcome,
            }));
            proto.Rights.Add(r);
        }
        proto.Decisions.AddRange(a.Decisions.OrderBy(d => d.DecidedAt).ThenBy(d => d.Version).Select(d =>
        {
            var decision = new V1.Decision
            {
                DecisionId = d.Id.ToString(),
                Right = (V1.Right)d.Right,
                Outcome = (V1.DecisionOutcome)d.Outcome,
                Version = d.Version,
                LegalBasis = d.LegalBasis,
                Reasons = d.Reasons,
                DecidedBy = d.DecidedBy,
                DecidedAt = Timestamp.FromDateTimeOffset(d.DecidedAt),
                NoMoreServices = Text(DecisionTexts.NoMoreServices.Nb, DecisionTexts.NoMoreServices.Nn),
                Complaint = new V1.ComplaintInformation
                {
                    LegalBasis = DecisionTexts.ComplaintBasis,
                    DeadlineWeeks = DecisionTexts.ComplaintWeeks,
                    Text = Text(DecisionTexts.Complaint.Nb, DecisionTexts.Complaint.Nn),
                },
            };
            decision.FailedCriteria.AddRange(d.FailedCriteria);
            return decision;
        }));
        return proto;
    }
}
