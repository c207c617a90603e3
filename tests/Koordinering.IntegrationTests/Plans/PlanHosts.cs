using Koordinering.Domain;
using Grpc.Core;
using Koordinering.Consent.Api;
using Koordinering.Consent.Data;
using Koordinering.Contracts.Events;
using Koordinering.IntegrationTests.Infrastructure;
using Koordinering.Plan.Api;
using Koordinering.Plan.Data;
using Koordinering.UnitTests;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using ConsentV1 = Koordinering.Consent.V1;
using PlanV1 = Koordinering.Plan.V1;

namespace Koordinering.IntegrationTests.Plans;

/// <summary>
/// The Plan service and the Consent service it asks over gRPC (with its own service identity),
/// on real databases; consent events are delivered to the Plan service as in tools/up. A fixture that needs more
/// (another clock, the Plan service's own events delivered somewhere) derives from it.
/// </summary>
public class PlanHosts : IAsyncLifetime
{
    public const string Municipality = "3901";
    public const string HomeNursing = "974600951";
    public const string School = "971183675";
    public const string Physio = "982463718";

    protected string RegisterFile { get; } = Path.Combine(Path.GetTempPath(), $"koordinering-population-{Guid.NewGuid():N}.json");

    public FakeTimeProvider Time { get; } = new(RunningClock.TuesdayMorning);

    /// <summary>The Plan service's clock: <see cref="Time"/> unless a derived fixture runs another.</summary>
    protected virtual TimeProvider Clock => Time;
    public TestTokens Tokens { get; } = new();
    public ServiceHost<ConsentApi> Consent { get; private set; } = null!;
    public ServiceHost<PlanApi> Plan { get; private set; } = null!;
    public PlanV1.PlanService.PlanServiceClient Plans => new(Plan.Channel);
    public ConsentV1.ConsentService.ConsentServiceClient Consents => new(Consent.Channel);

    public async ValueTask InitializeAsync()
    {
        await File.WriteAllTextAsync(RegisterFile, "[]");
        var consentDb = await TestPostgres.ProvisionAsync("plan_consent");
        var planDb = await TestPostgres.ProvisionAsync("plan");
        Assert.Equal(0, (await ServiceFixture<ConsentApi, ConsentDbContext>.RunMigrateModeAsync(consentDb)).ExitCode);
        Assert.Equal(0, (await ServiceFixture<PlanApi, PlanDbContext>.RunMigrateModeAsync(planDb)).ExitCode);

        Consent = new ServiceHost<ConsentApi>(consentDb, Tokens);
        Plan = new ServiceHost<PlanApi>(planDb, Tokens, services => services.AddSingleton<TimeProvider>(Clock));
        foreach (var (key, value) in Eventing.EventingSetup.Relay(Plan.HttpAddress))
        {
            Consent.Set(key, value);
        }
        Plan.Set("Services:Consent:Address", $"http://127.0.0.1:{Consent.GrpcPort}")
            .Set("ServiceIdentity:SigningKeyFile", Tokens.PrivateKeyFile)
            .Set("ServiceIdentity:Issuer", TestTokens.Issuer)
            .Set("PopulationRegister:LocalFile", RegisterFile)
            .Set("Evaluations:CheckInterval", "20.00:00:00");
        await BeforeStartAsync(Plan);
        Consent.Start();
        Plan.Start();
    }

    /// <summary>What a derived fixture sets up before the services start (e.g. where the Plan service's events go).</summary>
    protected virtual Task BeforeStartAsync(ServiceHost<PlanApi> plan) => Task.CompletedTask;

    public Metadata Caseworker => TestTokens.Bearer(Tokens.Caseworker(Municipality));
    public Metadata CoordinatorToken => TestTokens.Bearer(Tokens.Employee("coordinator-7", HomeNursing, Municipality, "coordinator"));
    public Metadata Employee(string id, string organisation) => TestTokens.Bearer(Tokens.Employee(id, organisation, "9999", "service-provider"));
    public Metadata Citizen(string identityNumber) => TestTokens.Bearer(Tokens.Citizen(identityNumber));

    /// <summary>Sends a decision granting rights (as the Eligibility service would) and returns the coordination it opened.</summary>
    public async Task<string> GrantAsync(string person, params RequestedRight[] rights)
    {
        var now = Clock.GetUtcNow();
        var decided = new DecidedV1
        {
            EventId = Guid.NewGuid(), OccurredAt = now, MunicipalityNumber = Municipality, AggregateId = Guid.NewGuid(),
            AssessmentId = Guid.NewGuid(), ApplicationId = Guid.NewGuid(), PersonIdentityNumber = person, DecidedAt = now,
            Decisions = rights.Select(r => new RightDecision(Guid.NewGuid(), r, DecisionOutcome.Granted, 1, "pasrl", "Oppfylt.", [])).ToList(),
        };
        Assert.Equal("SUCCESS", await CloudEventPost.SendAsync(Plan.Http, decided, TestContext.Current.CancellationToken));
        await using var scope = Plan.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PlanDbContext>();
        return (await db.Coordinations.SingleAsync(c => c.PersonIdentityNumber == person)).Id.ToString();
    }

    public async Task<PlanV1.Coordination> AppointAsync(string coordinationId) =>
        (await Plans.AppointCoordinatorAsync(new()
        {
            CoordinationId = coordinationId,
            Coordinator = new PlanV1.Coordinator
            {
                EmployeeId = "coordinator-7", Name = "Kari Koordinator", OrganisationNumber = HomeNursing, OrganisationName = "Hjemmetjenesten",
                Email = "kari@kommune.example", Kind = PlanV1.CoordinatorKind.Coordinator, WishedFor = "Kari", WishFollowed = true,
            },
        }, Caseworker)).Coordination;

    public async Task<string> ConsentAsync(string person, params string[] organisations)
    {
        var request = new ConsentV1.GiveConsentRequest
        {
            MunicipalityNumber = Municipality, SubjectIdentityNumber = person,
            Givers = { new ConsentV1.Giver { IdentityNumber = person, Role = ConsentV1.GiverRole.Subject } },
            Purposes = { ConsentV1.ConsentPurpose.IndividualPlan },
        };
        if (organisations.Length > 0)
        {
            request.Purposes.Add(ConsentV1.ConsentPurpose.ParticipantAccess);
            request.Purposes.Add(ConsentV1.ConsentPurpose.Coordination);
        }
        request.Parties.AddRange(organisations.Select(o => new ConsentV1.PartyInput { OrganisationNumber = o }));
        return (await Consents.GiveConsentAsync(request, Citizen(person))).Consent.ConsentId;
    }

    public static PlanV1.PlanContent Content() => new()
    {
        Goals = { new PlanV1.Goal { GoalId = "g1", Text = "Jeg vil klare meg selv hjemme." } },
        Resources = "Sterk familie, god humor.",
        Needs = "Hjelp med stell og trening.",
        Participants =
        {
            new PlanV1.Participant { ParticipantId = "p-home", Role = "hjemmesykepleier", Name = "Ola", OrganisationNumber = HomeNursing, Contact = "ola@kommune.example", MemberOfResponsibilityGroup = true },
            new PlanV1.Participant { ParticipantId = "p-physio", Role = "fysioterapeut", Name = "Per", OrganisationNumber = Physio, Contact = "per@fysio.example", MemberOfResponsibilityGroup = true },
            new PlanV1.Participant { ParticipantId = "p-daughter", Role = "datter", Name = "Lise", Contact = "+4790000000", MemberOfResponsibilityGroup = true },
        },
        Contributions = { new PlanV1.Contribution { ParticipantId = "p-daughter", Contribution_ = "Handler på lørdager." } },
        PeriodStart = "2026-12-01",
        PeriodEnd = "2027-11-30",
        CooperationPartners = { "Fastlegen" },
    };

    public static string NewPerson(int year) => IdentityNumbers.For(new DateOnly(year, 8, 17));

    public virtual async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        if (Plan is not null) await Plan.DisposeAsync();
        if (Consent is not null) await Consent.DisposeAsync();
        Tokens.Dispose();
        File.Delete(RegisterFile);
    }
}
