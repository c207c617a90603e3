using Koordinering.Application.Api;
using Koordinering.Application.Data;
using Koordinering.Eventing;
using Koordinering.ServiceDefaults;
using Koordinering.ServiceDefaults.Data;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddServiceDatabase<ApplicationDbContext>();
builder.AddEventing();

var app = builder.Build();
app.MapServiceDefaults();
app.MapEventing();
app.MapGrpcService<ApplicationApi>();

return await app.RunServiceAsync(args);
