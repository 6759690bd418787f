/* PNG downloads of the server-rendered SVG charts (public dashboard): each button
 * [data-png-of] draws the SVG with that id on a canvas and saves it as a PNG file.
 * The buttons are hidden until this script runs, so without JavaScript only the CSV shows. */
(function () {
  "use strict";

  function svgDataUrl(svg) {
    var text = new XMLSerializer().serializeToString(svg);
    return "data:image/svg+xml;base64," + window.btoa(unescape(encodeURIComponent(text)));
  }

  function savePng(svg, name) {
    var image = new Image();
    var box = svg.viewBox.baseVal;
    image.onload = function () {
      var canvas = document.createElement("canvas");
      canvas.width = box.width * 2;
      canvas.height = box.height * 2;
      var context = canvas.getContext("2d");
      context.fillStyle = "#ffffff";
      context.fillRect(0, 0, canvas.width, canvas.height);
      context.drawImage(image, 0, 0, canvas.width, canvas.height);
      var link = document.createElement("a");
      link.href = canvas.toDataURL("image/png");
      link.download = name + ".png";
      document.body.appendChild(link);
      link.click();
      link.remove();
    };
    image.src = svgDataUrl(svg);
  }

  function init() {
    document.querySelectorAll("button[data-png-of]").forEach(function (button) {
      var svg = document.getElementById(button.dataset.pngOf);
      if (!svg) { return; }
      button.hidden = false;
      button.addEventListener("click", function () { savePng(svg, button.dataset.pngName); });
    });
  }

  document.addEventListener("DOMContentLoaded", init);
}());
