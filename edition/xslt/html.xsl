<?xml version="1.0" encoding="UTF-8"?>
<!--
  One TEI conversation -> one standalone HTML5 page.
  Names link to their entries in the index of names ($names-href, declared in
  common/entities.xsl) and carry the anchors "m-<n>" the index points at.
  Language versions are rendered as parallel columns (see css/edition.css):
  the original first (left), translations after it.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:ed="urn:x-edition:functions"
    xpath-default-namespace="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="#all">

  <xsl:import href="common/text.xsl"/>
  <xsl:include href="common/align.xsl"/>

  <xsl:output method="html" html-version="5" encoding="UTF-8" include-content-type="no" indent="no"/>

  <xsl:param name="css-href" as="xs:string" select="'edition.css'"/>
  <!-- the sentence alignment script (xslt/js/align.js); '' = none -->
  <xsl:param name="align-js-href" as="xs:string" select="'align.js'"/>
  <xsl:param name="index-href" as="xs:string" select="'index.html'"/>
  <xsl:param name="edition-title" as="xs:string" select="''"/>
  <xsl:param name="prev-href" as="xs:string" select="''"/>
  <xsl:param name="prev-label" as="xs:string" select="''"/>
  <xsl:param name="next-href" as="xs:string" select="''"/>
  <xsl:param name="next-label" as="xs:string" select="''"/>

  <xsl:mode on-no-match="shallow-skip"/>

  <xsl:template match="/">
    <xsl:if test="not(TEI)">
      <xsl:message terminate="yes" expand-text="yes">Not a TEI document: the root element is {name(/*)} in namespace "{namespace-uri(/*)}".</xsl:message>
    </xsl:if>
    <xsl:apply-templates select="TEI"/>
  </xsl:template>

  <xsl:template match="TEI">
    <xsl:variable name="title" select="ed:main-title(.)"/>
    <xsl:variable name="versions" select="ed:versions(.)"/>
    <xsl:variable name="aligned" as="xs:boolean"
                  select="count($versions) gt 1 and exists(standOff/linkGrp[@type = 'translation'][@subtype = 'sentence'])"/>
    <html lang="{(@xml:lang, 'en')[1]}">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title><xsl:value-of select="string-join(($title, ed:date-text(.), $edition-title[.]), ' — ')"/></title>
        <link rel="stylesheet" href="{$css-href}"/>
        <xsl:if test="$aligned and $align-js-href"><script src="{$align-js-href}" defer="defer"></script></xsl:if>
      </head>
      <body class="conversation-page">
        <header class="site">
          <a class="home" href="{$index-href}"><xsl:value-of select="if ($edition-title) then $edition-title else 'Contents'"/></a>
          <xsl:if test="$names-href"><nav class="site-nav" aria-label="The edition"><a class="names-link" href="{$names-href}">Index of names</a></nav></xsl:if>
          <nav class="prevnext" aria-label="Other conversations">
            <xsl:if test="$prev-href"><a rel="prev" href="{$prev-href}">← <xsl:value-of select="$prev-label"/></a></xsl:if>
            <xsl:if test="$next-href"><a rel="next" href="{$next-href}"><xsl:value-of select="$next-label"/> →</a></xsl:if>
          </nav>
        </header>
        <main>
          <article class="conversation" data-versions="{count($versions)}">
            <header class="conv-header">
              <p class="conv-date"><time datetime="{ed:when(.)}"><xsl:value-of select="ed:date-text(.)"/></time>
                <xsl:if test="ed:place(.)"> · <xsl:value-of select="ed:place(.)"/></xsl:if></p>
              <h1><xsl:value-of select="$title"/></h1>
              <xsl:if test="ed:sub-title(.)"><p class="subtitle"><xsl:value-of select="ed:sub-title(.)"/></p></xsl:if>
              <xsl:call-template name="ed:meta-table">
                <xsl:with-param name="tei" select="."/>
                <xsl:with-param name="show-versions" select="count($versions) lt 2"/>
              </xsl:call-template>
              <xsl:call-template name="ed:summaries"><xsl:with-param name="tei" select="."/></xsl:call-template>
              <xsl:if test="count($versions) gt 1">
                <nav class="version-nav" aria-label="Language versions">
                  <span>Versions:</span>
                  <xsl:for-each select="$versions">
                    <a href="#{ed:version-id(.)}" lang="{ed:version-lang(.)}"><xsl:value-of select="ed:version-summary(.)"/></a>
                  </xsl:for-each>
                  <xsl:if test="$aligned and $align-js-href"><xsl:call-template name="ed:align-controls"/></xsl:if>
                </nav>
              </xsl:if>
            </header>
            <div class="versions versions-{count($versions)}">
              <xsl:apply-templates select="$versions" mode="version"/>
            </div>
            <xsl:if test="teiHeader/encodingDesc[normalize-space()]">
              <details class="editorial">
                <summary>Editorial principles</summary>
                <xsl:for-each select="teiHeader/encodingDesc//p">
                  <p><xsl:apply-templates mode="text"/></p>
                </xsl:for-each>
              </details>
            </xsl:if>
          </article>
        </main>
        <footer class="site">
          <xsl:variable name="pub" select="teiHeader/fileDesc/publicationStmt"/>
          <p>
            <xsl:value-of select="string-join(($pub/publisher/normalize-space(), $pub/date/(@when, normalize-space())[.][1],
                                  $pub/availability/licence/normalize-space())[.], ' · ')"/>
            <xsl:for-each select="$pub/idno[@type = 'edition']"> · <span class="idno"><xsl:value-of select="."/></span></xsl:for-each>
          </p>
        </footer>
      </body>
    </html>
  </xsl:template>

  <xsl:function name="ed:version-id" as="xs:string">
    <xsl:param name="t" as="element(text)"/>
    <xsl:sequence select="'v-' || (if ($t/@xml:id) then string($t/@xml:id) else generate-id($t))"/>
  </xsl:function>

  <xsl:template match="text" mode="version">
    <xsl:variable name="translators" select="ed:version-translators(.)"/>
    <section class="version type-{(@type, 'text')[1]}" id="{ed:version-id(.)}" lang="{ed:version-lang(.)}">
      <!-- the label stays visible while the column scrolls (position: sticky) -->
      <h2 class="version-label" lang="en"><xsl:value-of select="ed:version-label(.)"/></h2>
      <div class="version-meta" lang="en">
        <xsl:if test="exists($translators)">
          <p class="translator">Translated by <xsl:value-of select="string-join($translators, ', ')"/></p>
        </xsl:if>
        <xsl:for-each select="ed:version-sources(.)">
          <p class="version-source">
            <xsl:call-template name="ed:cite-source">
              <xsl:with-param name="src" select="."/>
              <xsl:with-param name="compact" select="true()"/>
            </xsl:call-template>
          </p>
        </xsl:for-each>
      </div>
      <div class="text-body">
        <xsl:apply-templates select="body | front | back" mode="text"/>
      </div>
      <xsl:call-template name="ed:endnotes"><xsl:with-param name="text" select="."/></xsl:call-template>
    </section>
  </xsl:template>
</xsl:stylesheet>
