// Makes the browser forget the POST that carried a report or a receipt (see
// portal/report/_forget_post.html): its history entry becomes a plain GET of data-url.
(function () {
  var url = document.currentScript && document.currentScript.dataset.url;
  if (url) { history.replaceState(null, "", url); }
})();
