// Starts Swagger UI on the API docs page. The schema's address comes from the page's markup:
// the site's Content-Security-Policy allows no inline script.
(function () {
  "use strict";
  var root = document.getElementById("swagger-ui");
  window.SwaggerUIBundle({
    domNode: root,
    url: root.dataset.openapiUrl,
    // Deep links put a link inside each operation's toggle button: nested controls that
    // keyboard and screen-reader users cannot reach apart.
    deepLinking: false,
    // The public validator would be a request to another origin: the CSP refuses it anyway.
    validatorUrl: null,
  });
})();
