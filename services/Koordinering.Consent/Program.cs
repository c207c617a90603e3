using Koordinering.Consent.Api;
using Koordinering.Consent.Data;
using Koordinering.ServiceDefaults;
using Koordinering.ServiceDefaults.Data;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddServiceDatabase<ConsentDbContext>();

var app = builder.Build();
app.MapServiceDefaults();
app.MapGrpcService<ConsentApi>();

return await app.RunServiceAsync(args);
