using Grpc.Core;
using Grpc.Net.Client;
using Koordinering.IntegrationTests.Infrastructure;

namespace Koordinering.IntegrationTests;

public sealed class ApplicationSkeletonTests(ServiceFixture<Application.Api.ApplicationApi, Application.Data.ApplicationDbContext> fixture)
    : ServiceSkeletonTests<Application.Api.ApplicationApi, Application.Data.ApplicationDbContext>(fixture),
      IClassFixture<ServiceFixture<Application.Api.ApplicationApi, Application.Data.ApplicationDbContext>>
{
    protected override string ServiceName => "koordinering-application";
    protected override string ApiName => "koordinering.application.v1.ApplicationService";
    protected override string IdField => "application_id";
    protected override string[] SubscribedTopics => ["koordinering.eligibility.assessment-ready.v1", "koordinering.eligibility.decided.v1", "koordinering.eligibility.decision-reversed.v1"];

    protected override Task GetAsync(GrpcChannel channel, string id, Metadata headers) =>
        new Application.V1.ApplicationService.ApplicationServiceClient(channel)
            .GetApplicationAsync(new() { ApplicationId = id }, headers).ResponseAsync;

    protected override Task SeedAsync(Application.Data.ApplicationDbContext db, Guid id, string municipalityNumber)
    {
        db.Applications.Add(Application.Domain.Application.Receive(new() { Id = id, MunicipalityNumber = municipalityNumber, ReceivedAt = DateTimeOffset.UtcNow, ClientRequestId = id.ToString() }, "test"));
        return db.SaveChangesAsync();
    }
}

public sealed class EligibilitySkeletonTests(ServiceFixture<Eligibility.Api.EligibilityApi, Eligibility.Data.EligibilityDbContext> fixture)
    : ServiceSkeletonTests<Eligibility.Api.EligibilityApi, Eligibility.Data.EligibilityDbContext>(fixture),
      IClassFixture<ServiceFixture<Eligibility.Api.EligibilityApi, Eligibility.Data.EligibilityDbContext>>
{
    protected override string ServiceName => "koordinering-eligibility";
    protected override string ApiName => "koordinering.eligibility.v1.EligibilityService";
    protected override string IdField => "assessment_id";
    protected override string[] SubscribedTopics => ["koordinering.application.submitted.v1", "koordinering.application.withdrawn.v1"];

    protected override Task GetAsync(GrpcChannel channel, string id, Metadata headers) =>
        new Eligibility.V1.EligibilityService.EligibilityServiceClient(channel)
            .GetAssessmentAsync(new() { AssessmentId = id }, headers).ResponseAsync;

    protected override Task SeedAsync(Eligibility.Data.EligibilityDbContext db, Guid id, string municipalityNumber)
    {
        db.Assessments.Add(new() { Id = id, ApplicationId = Guid.NewGuid(), MunicipalityNumber = municipalityNumber, Status = Eligibility.Domain.AssessmentStatus.PreAssessed, RuleSetVersion = "test", CreatedAt = DateTimeOffset.UtcNow });
        return db.SaveChangesAsync();
    }
}

public sealed class PlanSkeletonTests(ServiceFixture<Plan.Api.PlanApi, Plan.Data.PlanDbContext> fixture)
    : ServiceSkeletonTests<Plan.Api.PlanApi, Plan.Data.PlanDbContext>(fixture),
      IClassFixture<ServiceFixture<Plan.Api.PlanApi, Plan.Data.PlanDbContext>>
{
    protected override string ServiceName => "koordinering-plan";
    protected override string ApiName => "koordinering.plan.v1.PlanService";
    protected override string IdField => "coordination_id";
    protected override string[] SubscribedTopics => ["koordinering.consent.withdrawn.v1", "koordinering.eligibility.decided.v1", "koordinering.eligibility.decision-reversed.v1"];

    protected override Task GetAsync(GrpcChannel channel, string id, Metadata headers) =>
        new Plan.V1.PlanService.PlanServiceClient(channel)
            .GetCoordinationAsync(new() { CoordinationId = id }, headers).ResponseAsync;

    protected override Task SeedAsync(Plan.Data.PlanDbContext db, Guid id, string municipalityNumber)
    {
        db.Coordinations.Add(Plan.Domain.Coordination.Open(id, municipalityNumber, "15076500565", DateTimeOffset.UtcNow));
        return db.SaveChangesAsync();
    }
}

public sealed class ConsentSkeletonTests(ServiceFixture<Consent.Api.ConsentApi, Consent.Data.ConsentDbContext> fixture)
    : ServiceSkeletonTests<Consent.Api.ConsentApi, Consent.Data.ConsentDbContext>(fixture),
      IClassFixture<ServiceFixture<Consent.Api.ConsentApi, Consent.Data.ConsentDbContext>>
{
    protected override string ServiceName => "koordinering-consent";
    protected override string ApiName => "koordinering.consent.v1.ConsentService";
    protected override string IdField => "consent_id";

    protected override Task GetAsync(GrpcChannel channel, string id, Metadata headers) =>
        new Consent.V1.ConsentService.ConsentServiceClient(channel)
            .GetConsentAsync(new() { ConsentId = id }, headers).ResponseAsync;

    protected override Task SeedAsync(Consent.Data.ConsentDbContext db, Guid id, string municipalityNumber)
    {
        db.Consents.Add(Consent.Domain.Consent.Give(new() { Id = id, MunicipalityNumber = municipalityNumber, SubjectIdentityNumber = "15076500565", GivenBy = "test", GivenAt = DateTimeOffset.UtcNow, ValidFrom = DateTimeOffset.UtcNow }));
        return db.SaveChangesAsync();
    }
}

public sealed class NotificationSkeletonTests(ServiceFixture<Notification.Api.NotificationApi, Notification.Data.NotificationDbContext> fixture)
    : ServiceSkeletonTests<Notification.Api.NotificationApi, Notification.Data.NotificationDbContext>(fixture),
      IClassFixture<ServiceFixture<Notification.Api.NotificationApi, Notification.Data.NotificationDbContext>>
{
    protected override string ServiceName => "koordinering-notification";
    protected override string ApiName => "koordinering.notification.v1.NotificationService";
    protected override string IdField => "notice_id";
    protected override string[] SubscribedTopics =>
    [
        "koordinering.application.interim-reply-requested.v1", "koordinering.application.submitted.v1", "koordinering.consent.given.v1", "koordinering.consent.withdrawn.v1",
        "koordinering.eligibility.decided.v1", "koordinering.eligibility.decision-reversed.v1", "koordinering.plan.coordinator-appointed.v1", "koordinering.plan.evaluation-due.v1",
        "koordinering.plan.meeting.v1", "koordinering.plan.plan-changed.v1", "koordinering.plan.coordination-lead.v1", "koordinering.plan.message-posted.v1", "koordinering.plan.plan-closed.v1",
    ];

    protected override Task GetAsync(GrpcChannel channel, string id, Metadata headers) =>
        new Notification.V1.NotificationService.NotificationServiceClient(channel)
            .GetNoticeAsync(new() { NoticeId = id }, headers).ResponseAsync;

    protected override Task SeedAsync(Notification.Data.NotificationDbContext db, Guid id, string municipalityNumber)
    {
        db.Notices.Add(new() { Id = id, EventId = Guid.NewGuid(), RecipientKey = "test", Subject = "s", Body = "b", MunicipalityNumber = municipalityNumber, Status = Notification.Domain.NoticeStatus.Failed, Kind = "receipt", CreatedAt = DateTimeOffset.UtcNow });
        return db.SaveChangesAsync();
    }
}
