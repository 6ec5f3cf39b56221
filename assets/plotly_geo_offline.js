// plotly.js downloads world outlines from cdn.plot.ly for every map with a choropleth, even
// when the base map is hidden (layout.geo.visible = false). The dashboard draws only its own
// city shapes, so an empty outline set is registered here and nothing leaves the machine.
window.PlotlyGeoAssets = window.PlotlyGeoAssets || { topojson: {} };
window.PlotlyGeoAssets.topojson = window.PlotlyGeoAssets.topojson || {};
window.PlotlyGeoAssets.topojson.world_110m = { type: "Topology", objects: {}, arcs: [] };
