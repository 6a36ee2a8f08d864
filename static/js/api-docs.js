// Starts Swagger UI on the API docs page. The schema's address comes from the page's markup:
// the site's Content-Security-Policy allows no inline script.
(function () {
  "use strict";
  var root = document.getElementById("swagger-ui");
  window.SwaggerUIBundle({
    domNode: root,
    url: root.dataset.openapiUrl,
    deepLinking: true,
    // The public validator would be a request to another origin: the CSP refuses it anyway.
    validatorUrl: null,
  });
})();
