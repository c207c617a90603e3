namespace Koordinering.IntegrationTests.Infrastructure;

public static class Eventually
{
    /// <summary>Polls until the condition holds, or fails the test after the timeout (default 20 s).</summary>
    public static async Task HoldsAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null, Func<Task<string>>? describe = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return;
            }
            await Task.Delay(50);
        }
        Assert.Fail($"Timed out waiting until {what}." + (describe is null ? "" : " " + await describe()));
    }
}
