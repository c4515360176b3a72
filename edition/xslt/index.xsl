<?xml version="1.0" encoding="UTF-8"?>
<!--
  The edition's table of contents (index.html).
  Input: a listing written by edition/publish/builders.py
    <conversations>
      <conversation href="1950-01-22-stalin-mao-zedong.html" src="file:///…/1950-01-22-stalin-mao-zedong.xml"/>
    </conversations>
  Each @src is loaded with doc(), unless the entry holds the document's extract (<extract>,
  made by extract.xsl, see common/names-model.xsl), as a build gives them: a build reads
  no TEI document for this page. The conversations are listed by date,
  whatever the order of the listing.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:ed="urn:x-edition:functions"
    xpath-default-namespace="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="#all">

  <xsl:import href="common/text.xsl"/>
  <xsl:include href="common/names-model.xsl"/>

  <xsl:output method="html" html-version="5" encoding="UTF-8" include-content-type="no" indent="no"/>

  <xsl:param name="css-href" as="xs:string" select="'edition.css'"/>
  <xsl:param name="edition-title" as="xs:string" select="'Edition'"/>
  <xsl:param name="edition-subtitle" as="xs:string" select="''"/>
  <xsl:param name="edition-editors" as="xs:string" select="''"/>
  <xsl:param name="edition-publisher" as="xs:string" select="''"/>
  <xsl:param name="edition-year" as="xs:string" select="''"/>
  <xsl:param name="edition-licence" as="xs:string" select="''"/>
  <xsl:param name="pdf-href" as="xs:string" select="''"/>
  <!-- an edition printed in volumes: "href<TAB>label<TAB>stems" per volume (edition/publish/builders.py) -->
  <xsl:param name="pdf-volumes" as="xs:string*" select="()"/>
  <!-- the search page (search.xsl); '' = none -->
  <xsl:param name="search-href" as="xs:string" select="''"/>
  <!-- $names-href (the index of names) is declared in common/entities.xsl -->

  <xsl:mode on-no-match="shallow-skip"/>

  <xsl:template match="/">
    <xsl:variable name="entries" select="Q{}conversations/Q{}conversation"/>
    <html lang="en">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title><xsl:value-of select="$edition-title"/></title>
        <link rel="stylesheet" href="{$css-href}"/>
      </head>
      <body class="index-page">
        <a class="skip-link" href="#main">Skip to the contents</a>
        <header class="edition-head">
          <h1><xsl:value-of select="$edition-title"/></h1>
          <xsl:if test="$edition-subtitle"><p class="subtitle"><xsl:value-of select="$edition-subtitle"/></p></xsl:if>
          <xsl:if test="$edition-editors"><p class="editors">Edited by <xsl:value-of select="$edition-editors"/></p></xsl:if>
          <xsl:if test="$names-href or $search-href">
            <nav class="edition-nav" aria-label="The edition">
              <xsl:if test="$names-href"><a class="names-link" href="{$names-href}">Index of names</a></xsl:if>
              <xsl:if test="$search-href"><a class="search-link" href="{$search-href}">Search</a></xsl:if>
            </nav>
          </xsl:if>
        </header>
        <main id="main">
          <p class="count">
            <xsl:value-of select="count($entries) || (if (count($entries) = 1) then ' conversation' else ' conversations')"/>
            <xsl:if test="$pdf-href"> · <a href="{$pdf-href}">Printable edition (PDF)</a></xsl:if>
          </p>
          <xsl:if test="exists($pdf-volumes)">
            <ul class="pdf-volumes" aria-label="Printable edition (PDF), in volumes">
              <xsl:for-each select="$pdf-volumes">
                <xsl:variable name="part" select="tokenize(., '&#9;')"/>
                <li><a href="{$part[1]}" type="application/pdf"><xsl:value-of select="$part[2]"/></a> (PDF)</li>
              </xsl:for-each>
            </ul>
          </xsl:if>
          <table class="toc">
            <thead>
              <tr><th scope="col">Date</th><th scope="col">Conversation</th><th scope="col">Participants</th><th scope="col">Versions</th></tr>
            </thead>
            <tbody>
              <xsl:for-each select="$entries">
                <xsl:sort select="ed:entry-sort-key(.)"/>
                <xsl:sort select="string(@href)"/>
                <xsl:variable name="x" select="ed:entry-extract(.)"/>
                <tr data-date="{$x/@when}">
                  <td class="date"><time datetime="{$x/@when}"><xsl:value-of select="$x/@date"/></time></td>
                  <td class="title">
                    <a href="{@href}"><xsl:value-of select="$x/@title"/></a>
                    <xsl:if test="string($x/@place)"><span class="place"><xsl:value-of select="$x/@place"/></span></xsl:if>
                  </td>
                  <td class="participants"><xsl:value-of select="string-join($x/Q{}participant, '; ')"/></td>
                  <td class="langs">
                    <ul>
                      <xsl:for-each select="$x/Q{}summary">
                        <li lang="en"><xsl:value-of select="."/></li>
                      </xsl:for-each>
                    </ul>
                  </td>
                </tr>
              </xsl:for-each>
            </tbody>
          </table>
        </main>
        <footer class="site">
          <p><xsl:value-of select="string-join(($edition-publisher, $edition-year, $edition-licence)[.], ' · ')"/></p>
        </footer>
      </body>
    </html>
  </xsl:template>
</xsl:stylesheet>
