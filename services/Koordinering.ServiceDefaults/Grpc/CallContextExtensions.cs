using Grpc.Core;
using Koordinering.ServiceDefaults.Security;

namespace Koordinering.ServiceDefaults.Grpc;

/// <summary>The one way an API reads who is calling.</summary>
public static class CallContextExtensions
{
    public static Caller Caller(this ServerCallContext context) => Security.Caller.From(context.GetHttpContext().User);
}
