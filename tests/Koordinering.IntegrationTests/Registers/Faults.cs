using System.Net;
using Koordinering.IntegrationTests.Infrastructure;

namespace Koordinering.IntegrationTests.Registers;

/// <summary>
/// Trouble for a fake server, for a while: the next <see cref="Errors"/> requests are answered 503, and the
/// <see cref="Stalls"/> after them are handled but answered only after <see cref="StallFor"/> (the work is done, the
/// caller has timed out: the case where a retry must not do it twice).
/// </summary>
public sealed class Faults
{
    private int _errors;
    private int _stalls;

    public TimeSpan StallFor { get; set; } = TimeSpan.FromSeconds(3);

    public int Errors { get => Math.Max(0, Volatile.Read(ref _errors)); set => Volatile.Write(ref _errors, value); }

    public int Stalls { get => Math.Max(0, Volatile.Read(ref _stalls)); set => Volatile.Write(ref _stalls, value); }

    public bool Over => Errors == 0 && Stalls == 0;

    /// <summary>Puts the faults in front of a fake's answers.</summary>
    public void Around(FakeHttpServer server)
    {
        var answer = server.Respond ?? throw new InvalidOperationException("The fake answers without a body.");
        server.Respond = request =>
        {
            if (Interlocked.Decrement(ref _errors) >= 0)
            {
                return new(HttpStatusCode.ServiceUnavailable, """{"message":"midlertidig utilgjengelig"}""");
            }
            var reply = answer(request);
            return Interlocked.Decrement(ref _stalls) >= 0 ? reply with { Delay = StallFor } : reply;
        };
    }
}
