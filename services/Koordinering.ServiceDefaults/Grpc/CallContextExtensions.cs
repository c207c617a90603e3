using Grpc.Core;
using Koordinering.ServiceDefaults.Security;
using Microsoft.AspNetCore.Http;

namespace Koordinering.ServiceDefaults.Grpc;

/// <summary>The one way an API reads who is calling: read from the validated token once per call, then kept on the call.</summary>
public static class CallContextExtensions
{
    private static readonly object Key = new();

    public static Caller Caller(this ServerCallContext context) => context.GetHttpContext().Caller();

    public static Caller Caller(this HttpContext http)
    {
        if (http.Items.TryGetValue(Key, out var kept) && kept is Caller caller)
        {
            return caller;
        }
        caller = Security.Caller.From(http.User);
        http.Items[Key] = caller;
        return caller;
    }
}
