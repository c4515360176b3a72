<?xml version="1.0" encoding="UTF-8"?>
<!--
  The edition's search page (search.html): a form, the filters and the results, all made by
  js/search.js from the Pagefind index in pagefind/ (edition/publish/search.py: in shards, each a Pagefind
  bundle, listed in pagefind/shards.json, merged by the script into one search). No input document
  is read (the builder gives an empty one). Without a server (file://) or without JavaScript the
  page says why search cannot run there, and what to do instead.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    exclude-result-prefixes="#all">

  <xsl:output method="html" html-version="5" encoding="UTF-8" include-content-type="no" indent="no"/>

  <xsl:param name="css-href" as="xs:string" select="'edition.css'"/>
  <xsl:param name="search-js-href" as="xs:string" select="'search.js'"/>
  <!-- the folder of the index's shards (shards.json and a Pagefind bundle per shard), relative to this page -->
  <xsl:param name="pagefind-href" as="xs:string" select="'pagefind/'"/>
  <xsl:param name="index-href" as="xs:string" select="'index.html'"/>
  <xsl:param name="names-href" as="xs:string" select="''"/>
  <xsl:param name="edition-title" as="xs:string" select="''"/>
  <xsl:param name="favicon" as="xs:string" select="''"/>
  <!-- the filters (JSON: [{"name", "label", "values": [[value, word], …]}], edition/publish/search.py facets) -->
  <xsl:param name="facets" as="xs:string" select="'[]'"/>

  <xsl:template match="/">
    <html lang="en" data-pagefind="{$pagefind-href}">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title><xsl:value-of select="string-join(('Search', $edition-title[.]), ' — ')"/></title>
        <link rel="stylesheet" href="{$css-href}"/>
        <xsl:if test="$favicon"><link rel="icon" href="{$favicon}"/></xsl:if>
        <script src="{$search-js-href}" defer="defer"></script>
      </head>
      <body class="search-page">
        <a class="skip-link" href="#main">Skip to the search</a>
        <header class="site">
          <a class="home" href="{$index-href}"><xsl:value-of select="if ($edition-title) then $edition-title else 'Contents'"/></a>
          <nav class="site-nav" aria-label="The edition">
            <xsl:if test="$names-href"><a class="names-link" href="{$names-href}">Index of names</a></xsl:if>
            <a class="search-link current" href="search.html" aria-current="page">Search</a>
          </nav>
        </header>
        <main id="main">
          <h1>Search</h1>
          <p class="search-intro">Every sentence of every version, in Russian and in English: a Russian word finds its other
            forms (<span lang="ru">Сталину</span> finds <span lang="ru">Сталин</span>), an English one its plural and
            tenses. A result leads to its sentence.</p>
          <noscript><p class="search-unavailable">Search needs JavaScript. The <a href="{$index-href}">contents</a> and the
            <a href="{($names-href[.], $index-href)[1]}">index of names</a> lead to every conversation without it.</p></noscript>
          <p class="search-unavailable" id="search-unavailable" hidden="hidden" role="alert">
            <strong>Search cannot run on a page opened from a file.</strong>
            <xsl:text> The browser does not let a page opened from the disk (file://) load the search index. Serve the
            folder of the site instead, for example with </xsl:text><code>python3 -m http.server --directory build/html</code>
            <xsl:text>, and open </xsl:text><code>http://localhost:8000/search.html</code>
            <xsl:text>; or use the </xsl:text><a href="{$index-href}">contents</a><xsl:text> and the </xsl:text>
            <a href="{($names-href[.], $index-href)[1]}">index of names</a>.</p>
          <form class="search-form" id="search-form" role="search" action="search.html" method="get" hidden="hidden">
            <label for="search-q">Search the conversations</label>
            <span class="search-row">
              <input type="search" id="search-q" name="q" autocomplete="off" spellcheck="false"/>
              <button type="submit">Search</button>
            </span>
            <div class="search-filters" id="search-filters" data-facets="{$facets}"></div>
          </form>
          <p class="search-status" id="search-status" role="status" aria-live="polite"></p>
          <ol class="search-results" id="search-results"></ol>
          <p class="search-more-line"><button type="button" class="search-more" id="search-more" hidden="hidden">More results</button></p>
        </main>
      </body>
    </html>
  </xsl:template>
</xsl:stylesheet>
