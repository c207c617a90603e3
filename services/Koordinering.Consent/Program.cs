using Koordinering.Consent.Api;
using Koordinering.Consent.Consents;
using Koordinering.Consent.Data;
using Koordinering.Consent.Renewal;
using Koordinering.Eventing;
using Koordinering.ServiceDefaults;
using Koordinering.ServiceDefaults.Data;
using Koordinering.ServiceDefaults.Grpc;
using Koordinering.ServiceDefaults.Security;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddServiceDatabase<ConsentDbContext>();
builder.AddEventing();
builder.Services.AddScoped<ConsentAccess>().AddScoped<ConsentHandler>().AddScoped<ConsentQueries>();
builder.Services.Configure<RenewalOptions>(builder.Configuration.GetSection(RenewalOptions.Section));
builder.Services.AddSingleton<RenewalMonitor>().AddHostedService(sp => sp.GetRequiredService<RenewalMonitor>());

var app = builder.Build();
app.MapServiceDefaults();
app.UseProtobufRequestValidation(Koordinering.Consent.V1.ConsentReflection.Descriptor, Koordinering.Operations.V1.EventAdminReflection.Descriptor);
app.MapEventing();
app.MapGrpcService<ConsentApi>();

return await app.RunServiceAsync(args);
