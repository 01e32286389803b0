// "Use my position" on the search page: asks the browser for the position, rounds it to about
// 100 m, puts it in the form's hidden lat/lon fields and searches nearest first. Without this
// file, or without permission, the district list beside it is the way to sort by distance.
(function () {
  "use strict";
  var box = document.querySelector("[data-nearby]");
  if (!box || !("geolocation" in navigator)) { return; }
  var form = box.closest("form");
  var button = box.querySelector("[data-nearby-button]");
  var status = box.querySelector("[data-nearby-status]");
  var lat = form.querySelector("input[name=lat]");
  var lon = form.querySelector("input[name=lon]");
  var district = form.querySelector("select[name=near]");
  var sort = form.querySelector("select[name=sort]");
  button.parentNode.hidden = false;
  function round(value) { return (Math.round(value * 1000) / 1000).toFixed(3); }
  button.addEventListener("click", function () {
    button.disabled = true;
    status.textContent = box.getAttribute("data-locating");
    navigator.geolocation.getCurrentPosition(function (position) {
      lat.value = round(position.coords.latitude);
      lon.value = round(position.coords.longitude);
      if (sort) { sort.value = "distance"; }
      form.submit();
    }, function () {
      button.disabled = false;
      status.textContent = box.getAttribute("data-unavailable");
      if (district) { district.focus(); }
    }, {enableHighAccuracy: false, timeout: 15000, maximumAge: 600000});
  });
  // Choosing a district replaces a position given earlier.
  if (district) {
    district.addEventListener("change", function () { lat.value = ""; lon.value = ""; });
  }
})();
