// Site-wide behaviour: send Django's CSRF token with every htmx request.
document.addEventListener("htmx:configRequest", (event) => {
  const token = document.querySelector("meta[name=csrf-token]")?.content
    || document.querySelector("input[name=csrfmiddlewaretoken]")?.value;
  if (token) {
    event.detail.headers["X-CSRFToken"] = token;
  }
});
