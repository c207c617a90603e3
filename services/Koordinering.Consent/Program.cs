using Koordinering.Consent.Api;
using Koordinering.Consent.Data;
using Koordinering.Consent.Renewal;
using Koordinering.Eventing;
using Koordinering.ServiceDefaults;
using Koordinering.ServiceDefaults.Data;
using Koordinering.ServiceDefaults.Security;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddServiceDatabase<ConsentDbContext>();
builder.AddPopulationRegister();
builder.AddEventing();
builder.Services.Configure<RenewalOptions>(builder.Configuration.GetSection(RenewalOptions.Section));
builder.Services.AddSingleton<RenewalMonitor>().AddHostedService(sp => sp.GetRequiredService<RenewalMonitor>());

var app = builder.Build();
app.MapServiceDefaults();
app.MapEventing();
app.MapGrpcService<ConsentApi>();

return await app.RunServiceAsync(args);
