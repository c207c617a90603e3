using Google.Protobuf.Reflection;
using Google.Rpc;
using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Grpc.JsonTranscoding;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi.Models;

namespace Koordinering.ServiceDefaults.Gateway;

/// <summary>
/// The JSON face for the citizens' gateway: the RPCs whose protos give a <c>google.api.http</c>
/// route are also served as HTTP/JSON (gRPC JSON transcoding), through the same interceptors
/// (caller policy, assurance level, rate limit, input limits, audit, error mapping) as over gRPC,
/// and described by an OpenAPI document. Both answer only on the gateway port (<see cref="GatewayPortFilter"/>).
/// </summary>
public static class GatewayExtensions
{
    public static IGrpcServerBuilder AddGateway(this IGrpcServerBuilder grpc, IConfiguration configuration)
    {
        grpc.AddJsonTranscoding(options =>
        {
            options.JsonSettings.WriteIndented = false;
            // The error details the services send (RpcErrors, DomainErrorInterceptor): without them
            // in the registry a google.rpc.Status with details could not be written as JSON.
            options.TypeRegistry = TypeRegistry.FromMessages(BadRequest.Descriptor, ErrorInfo.Descriptor);
        });
        grpc.Services.AddGrpcSwagger();
        grpc.Services.AddSwaggerGen(options =>
        {
            options.SwaggerDoc("v1", new OpenApiInfo
            {
                Title = $"{configuration["Service:Name"] ?? "koordinering"}: JSON routes for the citizens gateway",
                Version = "v1",
                Description = "The JSON routes of the citizen-facing RPCs (gRPC JSON transcoding of protos/koordinering/*/v1). Every route needs an ID-porten bearer token; errors are a google.rpc.Status with its details.",
            });
            options.DocInclusionPredicate((_, api) => api.ActionDescriptor.EndpointMetadata.OfType<GrpcJsonTranscodingMetadata>().Any());
            options.AddSecurityDefinition("bearer", new OpenApiSecurityScheme { Type = SecuritySchemeType.Http, Scheme = "bearer", BearerFormat = "JWT" });
            options.AddSecurityRequirement(new OpenApiSecurityRequirement
            {
                [new OpenApiSecurityScheme { Reference = new OpenApiReference { Type = ReferenceType.SecurityScheme, Id = "bearer" } }] = [],
            });
        });
        return grpc;
    }

    /// <summary>The port filter: after routing (which WebApplication runs first), before authentication.</summary>
    public static WebApplication UseGateway(this WebApplication app)
    {
        app.UseMiddleware<GatewayPortFilter>();
        return app;
    }

    /// <summary>The OpenAPI document of the JSON routes, anonymous (a contract, no personal data), on the gateway port only.</summary>
    public static WebApplication MapGatewayDocument(this WebApplication app)
    {
        app.MapSwagger("/openapi/{documentName}.json").WithMetadata(new GatewayDocument()).AllowAnonymous();
        return app;
    }
}
