// Vue 3's runtime-only ES-module build, served from its WebJar. Runtime-only: screens are render
// functions (h), so no template is compiled in the browser and the page needs no 'unsafe-eval'.
export * from '/webjars/vue/dist/vue.runtime.esm-browser.prod.js';
