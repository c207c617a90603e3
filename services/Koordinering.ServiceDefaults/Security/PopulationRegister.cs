using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Koordinering.ServiceDefaults.Caching;
using Koordinering.ServiceDefaults.Maskinporten;
using Koordinering.ServiceDefaults.Resilience;
using Koordinering.ServiceDefaults.Security.Folkeregisteret;

namespace Koordinering.ServiceDefaults.Security;

/// <summary>
/// Parent–child relations from the population register (Folkeregisteret). Whose guardian a
/// citizen is comes from here, never from anything the caller sends.
/// </summary>
public interface IPopulationRegister
{
    Task<bool> IsGuardianAsync(string guardianIdentityNumber, string childIdentityNumber, CancellationToken cancellationToken);

    Task<IReadOnlyList<string>> ChildrenOfAsync(string guardianIdentityNumber, CancellationToken cancellationToken);

    Task<IReadOnlyList<string>> GuardiansOfAsync(string childIdentityNumber, CancellationToken cancellationToken);
}

/// <summary>
/// The local register: a JSON file of <c>[{"guardian": "...", "child": "..."}]</c> named by
/// <c>PopulationRegister:LocalFile</c> (seeded by tools/up). Without a file, nobody is anyone's guardian.
/// </summary>
public sealed class LocalPopulationRegister : IPopulationRegister
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);
    private readonly ILookup<string, string> _children;
    private readonly ILookup<string, string> _guardians;

    public LocalPopulationRegister(string? file)
    {
        var relations = string.IsNullOrWhiteSpace(file) || !File.Exists(file)
            ? []
            : JsonSerializer.Deserialize<Relation[]>(File.ReadAllText(file), JsonOptions) ?? [];
        _children = relations.ToLookup(r => r.Guardian, r => r.Child, StringComparer.Ordinal);
        _guardians = relations.ToLookup(r => r.Child, r => r.Guardian, StringComparer.Ordinal);
    }

    public Task<IReadOnlyList<string>> GuardiansOfAsync(string childIdentityNumber, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<string>>(_guardians[childIdentityNumber].ToList());

    public Task<bool> IsGuardianAsync(string guardianIdentityNumber, string childIdentityNumber, CancellationToken cancellationToken) =>
        Task.FromResult(_children[guardianIdentityNumber].Contains(childIdentityNumber, StringComparer.Ordinal));

    public Task<IReadOnlyList<string>> ChildrenOfAsync(string guardianIdentityNumber, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<string>>(_children[guardianIdentityNumber].ToList());

    private sealed record Relation(string Guardian, string Child);
}

public static class PopulationRegisterExtensions
{
    /// <summary>
    /// Folkeregisteret's API where <c>PopulationRegister:Folkeregisteret:BaseUrl</c> is configured (a Maskinporten
    /// token, the standard resilience handler from <c>Resilience:Folkeregisteret</c>, a short cache), else the local file (<c>PopulationRegister:LocalFile</c>).
    /// </summary>
    public static WebApplicationBuilder AddPopulationRegister(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(FolkeregisteretOptions.Section);
        var settings = section.Get<FolkeregisteretOptions>() ?? new FolkeregisteretOptions();
        if (string.IsNullOrWhiteSpace(settings.BaseUrl))
        {
            builder.Services.TryAddSingleton<IPopulationRegister>(new LocalPopulationRegister(builder.Configuration["PopulationRegister:LocalFile"]));
            return builder;
        }
        builder.Services.AddMaskinporten(builder.Configuration);
        builder.Services.AddSingleton(sp => new TimedCache<FregPerson?>(settings.CacheFor, sp.GetRequiredService<TimeProvider>()));
        var client = builder.Services.AddHttpClient<FolkeregisteretPopulationRegister>(h => h.BaseAddress = new Uri(settings.BaseUrl.TrimEnd('/') + "/"));
        client.AddAdapterResilience(builder.Configuration, "Folkeregisteret");
        client.AddMaskinportenToken(settings.Scope);
        builder.Services.TryAddTransient<IPopulationRegister>(sp => sp.GetRequiredService<FolkeregisteretPopulationRegister>());
        return builder;
    }
}
