using Koordinering.Consent.Api;
using Koordinering.Consent.Data;
using Koordinering.Eventing;
using Koordinering.ServiceDefaults;
using Koordinering.ServiceDefaults.Data;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddServiceDatabase<ConsentDbContext>();
builder.AddEventing();

var app = builder.Build();
app.MapServiceDefaults();
app.MapEventing();
app.MapGrpcService<ConsentApi>();

return await app.RunServiceAsync(args);
