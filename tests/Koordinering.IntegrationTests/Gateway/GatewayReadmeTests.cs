using System.Diagnostics;
using Koordinering.Application.Api;
using Koordinering.Application.Data;
using Koordinering.IntegrationTests.Infrastructure;

namespace Koordinering.IntegrationTests.Gateway;

/// <summary>
/// The README's gateway curl, run as written against a service on a cleartext gateway port as
/// tools/up starts it (only the port differs), with a token from tools/token itself.
/// </summary>
public sealed class GatewayReadmeTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_readme_curl_submits_lists_is_refused_without_a_token_and_shows_the_routes()
    {
        var readme = await File.ReadAllTextAsync(Path.Combine(TestPostgres.RepoRoot, "README.md"), Ct);
        var section = readme.IndexOf("## The citizens' gateway: JSON routes", StringComparison.Ordinal);
        Assert.True(section >= 0, "the README has its gateway section");
        var start = readme.IndexOf("```sh\n", section, StringComparison.Ordinal) + "```sh\n".Length;
        var script = readme[start..readme.IndexOf("\n```", start, StringComparison.Ordinal)];
        Assert.Contains("http://127.0.0.1:7301", script, StringComparison.Ordinal);

        using var tokens = new TestTokens();
        var database = await TestPostgres.ProvisionAsync("gateway_readme");
        Assert.Equal(0, (await ServiceFixture<ApplicationApi, ApplicationDbContext>.RunMigrateModeAsync(database)).ExitCode);
        await using var host = new ServiceHost<ApplicationApi>(database, tokens).PlainGateway().Start();

        var run = new ProcessStartInfo("bash", ["-euo", "pipefail", "-c", script.Replace("http://127.0.0.1:7301", host.GatewayAddress, StringComparison.Ordinal)])
        {
            WorkingDirectory = TestPostgres.RepoRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        run.Environment["KOORDINERING_SIGNING_KEY"] = tokens.PrivateKeyFile;
        using var process = Process.Start(run)!;
        var output = process.StandardOutput.ReadToEndAsync(Ct);
        var error = process.StandardError.ReadToEndAsync(Ct);
        await process.WaitForExitAsync(Ct);
        var lines = (await output).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}: {await error}");

        var submitted = System.Text.Json.Nodes.JsonNode.Parse(lines[0])!["application"]!;
        Assert.Equal("APPLICATION_STATUS_RECEIVED", (string?)submitted["status"]);
        Assert.Contains((string)submitted["applicationId"]!, lines[1], StringComparison.Ordinal);
        Assert.Equal("401", lines[2]);
        Assert.Contains(lines, l => l.Contains("\"/v1/me/applications\"", StringComparison.Ordinal));
    }
}
