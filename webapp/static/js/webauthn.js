/* Security keys (WebAuthn) for flask-security's forms, without inline script (CSP script-src 'self').
 * A form with data-webauthn="register" or "signin" carries the server's options as JSON in
 * data-credential-options (binary members base64url-encoded). On page load this asks the browser
 * for a new credential (navigator.credentials.create) or a signature (navigator.credentials.get),
 * writes the answer as JSON into the form's "credential" field and submits the form. Failures are
 * shown in Dutch in the form's [data-webauthn-error] element. */
(function () {
  "use strict";

  var MESSAGES = {
    NotAllowedError: "De beveiligingssleutel is niet gebruikt: de tijd is verstreken, u heeft " +
      "afgebroken of deze sleutel hoort niet bij uw account. Probeer het opnieuw.",
    InvalidStateError: "Deze beveiligingssleutel is al aan uw account toegevoegd.",
    SecurityError: "Uw browser staat beveiligingssleutels op dit adres niet toe. Dat kan alleen " +
      "op een domeinnaam met https (of op localhost), niet op een IP-adres.",
    NotSupportedError: "Uw browser of beveiligingssleutel ondersteunt dit niet.",
    AbortError: "Het gebruik van de beveiligingssleutel is afgebroken. Probeer het opnieuw."
  };
  var UNKNOWN = "Er ging iets mis met de beveiligingssleutel. Probeer het opnieuw.";
  var UNSUPPORTED = "Uw browser ondersteunt geen beveiligingssleutels.";

  // base64url (with or without padding) to bytes
  function toBytes(text) {
    var base64 = text.replace(/-/g, "+").replace(/_/g, "/");
    while (base64.length % 4) { base64 += "="; }
    var binary = atob(base64);
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) { bytes[i] = binary.charCodeAt(i); }
    return bytes;
  }

  // bytes (ArrayBuffer) to base64url without padding
  function toText(buffer) {
    var bytes = new Uint8Array(buffer);
    var binary = "";
    for (var i = 0; i < bytes.length; i++) { binary += String.fromCharCode(bytes[i]); }
    return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function descriptors(list) {
    return (list || []).map(function (item) {
      return Object.assign({}, item, { id: toBytes(item.id) });
    });
  }

  function creationOptions(options) {
    return Object.assign({}, options, {
      challenge: toBytes(options.challenge),
      user: Object.assign({}, options.user, { id: toBytes(options.user.id) }),
      excludeCredentials: descriptors(options.excludeCredentials)
    });
  }

  function requestOptions(options) {
    return Object.assign({}, options, {
      challenge: toBytes(options.challenge),
      allowCredentials: descriptors(options.allowCredentials)
    });
  }

  function registrationJSON(credential) {
    var response = credential.response;
    return {
      id: credential.id,
      rawId: toText(credential.rawId),
      type: credential.type,
      authenticatorAttachment: credential.authenticatorAttachment || undefined,
      response: {
        clientDataJSON: toText(response.clientDataJSON),
        attestationObject: toText(response.attestationObject),
        transports: response.getTransports ? response.getTransports() : []
      },
      // flask-security keeps this string as the key's extensions (credProps: discoverable)
      extensions: JSON.stringify(credential.getClientExtensionResults())
    };
  }

  function assertionJSON(credential) {
    var response = credential.response;
    var json = {
      id: credential.id,
      rawId: toText(credential.rawId),
      type: credential.type,
      authenticatorAttachment: credential.authenticatorAttachment || undefined,
      response: {
        authenticatorData: toText(response.authenticatorData),
        clientDataJSON: toText(response.clientDataJSON),
        signature: toText(response.signature)
      }
    };
    if (response.userHandle && response.userHandle.byteLength) {
      json.response.userHandle = toText(response.userHandle);
    }
    return json;
  }

  function showError(form, text) {
    var box = form.querySelector("[data-webauthn-error]");
    box.textContent = text;
    box.hidden = false;
  }

  function ask(form) {
    var options = JSON.parse(form.getAttribute("data-credential-options"));
    if (form.getAttribute("data-webauthn") === "register") {
      return navigator.credentials.create({ publicKey: creationOptions(options) })
        .then(registrationJSON);
    }
    return navigator.credentials.get({ publicKey: requestOptions(options) }).then(assertionJSON);
  }

  function run(form) {
    if (!window.PublicKeyCredential || !navigator.credentials) {
      showError(form, UNSUPPORTED);
      return;
    }
    form.setAttribute("aria-busy", "true");
    ask(form).then(function (json) {
      form.elements.namedItem("credential").value = JSON.stringify(json);
      // a field named "submit" would hide form.submit(): call the form's own method
      HTMLFormElement.prototype.submit.call(form);
    }, function (error) {
      form.removeAttribute("aria-busy");
      showError(form, MESSAGES[error && error.name] || UNKNOWN);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("form[data-webauthn]"), run);
  });
})();
