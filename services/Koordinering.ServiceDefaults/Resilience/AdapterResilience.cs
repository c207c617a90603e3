using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;

namespace Koordinering.ServiceDefaults.Resilience;

/// <summary>
/// The standard resilience handler on an adapter's HttpClient (rate limiter, total timeout, retries on 5xx, 408, 429 and
/// HttpRequestException with exponential back-off, circuit breaker, attempt timeout), its options from configuration:
/// first <c>Resilience:Adapters</c> for every adapter, then <c>Resilience:{adapter}</c> for the one, in the shape of
/// <see cref="HttpStandardResilienceOptions"/> (e.g. <c>Resilience:ContactRegister:AttemptTimeout:Timeout</c>,
/// <c>Resilience:Adapters:Retry:MaxRetryAttempts</c>, <c>Resilience:SmsGateway:CircuitBreaker:BreakDuration</c>).
/// Unset, the library's defaults hold (10 s an attempt, 30 s in all, 3 retries, a breaker over 30 s).
/// </summary>
public static class AdapterResilience
{
    public const string Section = "Resilience";
    public const string Shared = "Adapters";

    public static IHttpStandardResiliencePipelineBuilder AddAdapterResilience(this IHttpClientBuilder client, IConfiguration configuration, string adapter)
    {
        var pipeline = client.AddStandardResilienceHandler();
        pipeline.ConfigureFrom(configuration.GetSection($"{Section}:{Shared}"));
        pipeline.ConfigureFrom(configuration.GetSection($"{Section}:{adapter}"));
        return pipeline;
    }

    /// <summary>The options a section sets, over what is set already; a section that is not there changes nothing.</summary>
    public static IHttpStandardResiliencePipelineBuilder ConfigureFrom(this IHttpStandardResiliencePipelineBuilder pipeline, IConfigurationSection section) =>
        section.Exists() ? pipeline.Configure(section) : pipeline;
}
