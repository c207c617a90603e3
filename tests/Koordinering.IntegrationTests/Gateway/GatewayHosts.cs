using Koordinering.IntegrationTests.Infrastructure;
using Koordinering.UnitTests;

namespace Koordinering.IntegrationTests.Gateway;

/// <summary>All five services on real databases and real Kestrel ports, with one family in the population register, for the gateway's JSON routes.</summary>
public sealed class GatewayHosts : IAsyncLifetime
{
    public const string Municipality = "4601";
    public static readonly string Guardian = IdentityNumbers.For(new DateOnly(1984, 5, 9));
    public static readonly string Child = IdentityNumbers.For(new DateOnly(2019, 3, 3));

    public AllServices All { get; private set; } = null!;
    public TestTokens Tokens => All.Tokens;

    public async ValueTask InitializeAsync() => All = await AllServices.StartAsync("gateway", [(Guardian, Child)]);

    public string Citizen(string identityNumber) => Tokens.Citizen(identityNumber);

    /// <summary>The gateway port of each service, by name.</summary>
    public IReadOnlyDictionary<string, string> Gateways => new Dictionary<string, string>
    {
        ["application"] = All.Application.GatewayAddress,
        ["eligibility"] = All.Eligibility.GatewayAddress,
        ["plan"] = All.Plan.GatewayAddress,
        ["consent"] = All.Consent.GatewayAddress,
        ["notification"] = All.Notification.GatewayAddress,
    };

    /// <summary>A submission body for a person applying for themselves, as the gateway sends it.</summary>
    public static Dictionary<string, object> Application(string person, string requestId) => new()
    {
        ["clientRequestId"] = requestId,
        ["municipalityNumber"] = Municipality,
        ["personIdentityNumber"] = person,
        ["applicant"] = new Dictionary<string, object> { ["relation"] = "APPLICANT_RELATION_PERSON" },
        ["requestedRights"] = new[] { "REQUESTED_RIGHT_COORDINATOR", "REQUESTED_RIGHT_INDIVIDUAL_PLAN" },
        ["expectedDuration"] = "EXPECTED_DURATION_LONG_TERM",
        ["services"] = new[]
        {
            new Dictionary<string, object> { ["kind"] = "SERVICE_KIND_HEALTH_AND_CARE", ["category"] = "home_nursing" },
            new Dictionary<string, object> { ["kind"] = "SERVICE_KIND_HEALTH_AND_CARE", ["category"] = "physiotherapy" },
        },
        ["conditionDescription"] = "Langvarig sjukdom",
    };

    public async ValueTask DisposeAsync()
    {
        if (All is not null) await All.DisposeAsync();
    }
}
