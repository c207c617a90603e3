using System.Text.Json;
using Grpc.Core;
using Koordinering.Application.Api;
using Koordinering.Application.Data;
using Koordinering.Eligibility.Api;
using Koordinering.Eligibility.Data;
using Koordinering.IntegrationTests.Eventing;
using Koordinering.IntegrationTests.Infrastructure;
using Koordinering.UnitTests;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using AppV1 = Koordinering.Application.V1;
using EliV1 = Koordinering.Eligibility.V1;

namespace Koordinering.IntegrationTests.Cases;

/// <summary>
/// The Application and Eligibility services on their own real databases, delivering events to
/// each other as in tools/up, on one fake clock, with a population register where
/// <see cref="Guardian"/> is the guardian of <see cref="Child"/>.
/// </summary>
public sealed class CaseHosts : IAsyncLifetime
{
    public const string Municipality = "4601";
    public static readonly string Adult = IdentityNumbers.For(new DateOnly(1965, 7, 15));
    public static readonly string OtherAdult = IdentityNumbers.For(new DateOnly(1971, 2, 3));
    public static readonly string Guardian = IdentityNumbers.For(new DateOnly(1984, 9, 30));
    public static readonly string Child = IdentityNumbers.For(new DateOnly(2019, 4, 12));

    private readonly string _register = Path.Combine(Path.GetTempPath(), $"koordinering-population-{Guid.NewGuid():N}.json");

    public FakeTimeProvider Time { get; } = new(RunningClock.TuesdayMorning);
    public TestTokens Tokens { get; } = new();
    public ServiceHost<ApplicationApi> Application { get; private set; } = null!;
    public ServiceHost<EligibilityApi> Eligibility { get; private set; } = null!;

    public AppV1.ApplicationService.ApplicationServiceClient Applications => new(Application.Channel);
    public EliV1.EligibilityService.EligibilityServiceClient Assessments => new(Eligibility.Channel);

    public Metadata Caseworker => TestTokens.Bearer(Tokens.Caseworker(Municipality));
    public Metadata CitizenToken(string identityNumber) => TestTokens.Bearer(Tokens.Citizen(identityNumber));

    public async ValueTask InitializeAsync()
    {
        await File.WriteAllTextAsync(_register, JsonSerializer.Serialize(new[] { new { guardian = Guardian, child = Child } }));
        var applicationDb = await EventingSetup.MigratedApplicationDatabaseAsync();
        var eligibilityDb = await EventingSetup.MigratedEligibilityDatabaseAsync();
        void UseFakeClock(IServiceCollection services) => services.AddSingleton<TimeProvider>(Time);
        Application = new ServiceHost<ApplicationApi>(applicationDb, Tokens, UseFakeClock);
        Eligibility = new ServiceHost<EligibilityApi>(eligibilityDb, Tokens, UseFakeClock);
        foreach (var (key, value) in EventingSetup.Relay(Eligibility.HttpAddress))
        {
            Application.Set(key, value);
        }
        foreach (var (key, value) in EventingSetup.Relay(Application.HttpAddress))
        {
            Eligibility.Set(key, value);
        }
        Application.Set("PopulationRegister:LocalFile", _register).Set("Deadlines:CheckInterval", "01:00:00");
        Application.Start();
        Eligibility.Start();
    }

    public static AppV1.SubmitApplicationRequest Request(string person, params AppV1.RequestedRight[] rights) => new()
    {
        ClientRequestId = Guid.NewGuid().ToString(),
        MunicipalityNumber = Municipality,
        PersonIdentityNumber = person,
        Applicant = new AppV1.Applicant { Relation = AppV1.ApplicantRelation.Person },
        RequestedRights = { rights },
        ExpectedDuration = AppV1.ExpectedDuration.LongTerm,
        Services =
        {
            new AppV1.ServiceNeed { Kind = AppV1.ServiceKind.HealthAndCare, Category = "home_nursing", Provider = "Hjemmesykepleien Årstad" },
            new AppV1.ServiceNeed { Kind = AppV1.ServiceKind.HealthAndCare, Category = "physiotherapy", Provider = "Fysioterapitjenesten" },
        },
        ConditionDescription = "Progressiv nevrologisk sykdom.",
    };

    /// <summary>Waits until the case has the status, through the API.</summary>
    public async Task<AppV1.Application> CaseAsync(string applicationId, AppV1.ApplicationStatus status)
    {
        AppV1.Application? seen = null;
        await Eventually.HoldsAsync(async () =>
        {
            seen = (await Applications.GetApplicationAsync(new() { ApplicationId = applicationId }, Caseworker)).Application;
            return seen.Status == status;
        }, $"the case is {status}", describe: () => Task.FromResult($"It is {seen?.Status}."));
        return seen!;
    }

    public async Task<EliV1.Assessment> AssessmentAsync(string applicationId)
    {
        EliV1.Assessment? assessment = null;
        await Eventually.HoldsAsync(async () =>
        {
            try
            {
                assessment = (await Assessments.GetAssessmentForApplicationAsync(new() { ApplicationId = applicationId }, Caseworker)).Assessment;
                return true;
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound)
            {
                return false;
            }
        }, "the assessment is made");
        return assessment!;
    }

    public async ValueTask DisposeAsync()
    {
        if (Application is not null) await Application.DisposeAsync();
        if (Eligibility is not null) await Eligibility.DisposeAsync();
        Tokens.Dispose();
        File.Delete(_register);
    }
}
