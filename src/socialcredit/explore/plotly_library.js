// Appended to plotly.js (which the widget's module starts with a `module` object for, so that
// plotly.js exports itself there): hands the library to every chart of the page.
{
  const shared = (globalThis.socialcreditPlotly ??= {});
  shared.ready ??= new Promise((resolve) => (shared.resolve = resolve));
  if (!shared.library) {
    shared.library = module.exports;
    shared.resolve(module.exports);
  }
}
export default { render() {} };
