<?xml version="1.0" encoding="UTF-8"?>
<!--
  All conversations -> one HTML document for the printed edition
  (rendered by WeasyPrint with css/print.css).
  Input: the same listing as index.xsl:
    <conversations><conversation href="…" src="file:///…/tei.xml"/>…</conversations>
  Output: title page, imprint, contents (page numbers via target-counter),
  editorial principles, then each conversation (chronologically) on a new
  page: header summary, then every language version in sequence, the
  original first. Notes become footnotes (float: footnote). Last, the index
  of names (common/names-print.xsl).
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:ed="urn:x-edition:functions"
    xpath-default-namespace="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="#all">

  <xsl:import href="common/text.xsl"/>
  <xsl:include href="common/names-model.xsl"/>
  <xsl:include href="common/names-print.xsl"/>

  <xsl:output method="html" html-version="5" encoding="UTF-8" include-content-type="no" indent="no"/>

  <xsl:param name="css-href" as="xs:string" select="'print.css'"/>
  <xsl:param name="edition-title" as="xs:string" select="'Edition'"/>
  <xsl:param name="edition-subtitle" as="xs:string" select="''"/>
  <xsl:param name="edition-editors" as="xs:string" select="''"/>
  <xsl:param name="edition-publisher" as="xs:string" select="''"/>
  <xsl:param name="edition-year" as="xs:string" select="''"/>
  <xsl:param name="edition-licence" as="xs:string" select="''"/>

  <xsl:mode on-no-match="shallow-skip"/>

  <xsl:template match="/">
    <xsl:variable name="entries" as="element()*">
      <xsl:for-each select="Q{}conversations/Q{}conversation[doc(@src)/TEI]">
        <xsl:sort select="ed:sort-key(doc(@src)/TEI)"/>
        <xsl:sort select="string(@src)"/>
        <xsl:sequence select="."/>
      </xsl:for-each>
    </xsl:variable>
    <xsl:variable name="docs" as="element(TEI)*" select="$entries ! doc(@src)/TEI"/>
    <xsl:variable name="names" select="ed:entity-index($entries)"/>
    <xsl:if test="empty($docs) and exists(Q{}conversations/Q{}conversation)">
      <xsl:message terminate="yes">No TEI conversations to print (documents not in the TEI namespace).</xsl:message>
    </xsl:if>
    <html lang="en">
      <head>
        <meta charset="utf-8"/>
        <title><xsl:value-of select="$edition-title"/></title>
        <xsl:if test="$edition-editors"><meta name="author" content="{$edition-editors}"/></xsl:if>
        <meta name="description" content="{string-join(($edition-title, $edition-subtitle)[.], '. ')}"/>
        <meta name="generator" content="edition (XSLT 3.0, WeasyPrint)"/>
        <link rel="stylesheet" href="{$css-href}"/>
      </head>
      <body>
        <section class="title-page">
          <h1 class="edition-title"><xsl:value-of select="$edition-title"/></h1>
          <xsl:if test="$edition-subtitle"><p class="edition-subtitle"><xsl:value-of select="$edition-subtitle"/></p></xsl:if>
          <xsl:if test="$edition-editors"><p class="edition-editors">Edited by<br/><xsl:value-of select="$edition-editors"/></p></xsl:if>
          <p class="edition-imprint">
            <xsl:value-of select="$edition-publisher"/>
            <xsl:if test="$edition-publisher and $edition-year"><br/></xsl:if>
            <xsl:value-of select="$edition-year"/>
          </p>
        </section>
        <section class="imprint">
          <p><xsl:value-of select="$edition-title"/><xsl:if test="$edition-subtitle">. <xsl:value-of select="$edition-subtitle"/></xsl:if></p>
          <xsl:if test="$edition-editors"><p>Edited by <xsl:value-of select="$edition-editors"/>.</p></xsl:if>
          <xsl:if test="$edition-publisher or $edition-year">
            <p>© <xsl:value-of select="string-join(($edition-year, $edition-publisher)[.], ' ')"/></p>
          </xsl:if>
          <xsl:if test="$edition-licence"><p class="licence">Licence: <xsl:value-of select="$edition-licence"/></p></xsl:if>
          <p>Typeset from TEI P5 sources; <xsl:value-of select="count($docs)"/> conversation<xsl:if test="count($docs) ne 1">s</xsl:if>.</p>
        </section>
        <nav class="toc" aria-label="Contents">
          <h1 class="toc-head">Contents</h1>
          <ol>
            <li class="toc-entry toc-front"><a href="#editorial-principles">Editorial principles</a></li>
            <xsl:for-each select="$docs">
              <li class="toc-entry">
                <a href="#{ed:conv-id(.)}">
                  <span class="toc-date"><xsl:value-of select="ed:date-text(.)"/></span>
                  <span class="toc-title"><xsl:value-of select="ed:main-title(.)"/></span>
                </a>
                <xsl:if test="count(ed:versions(.)) gt 1">
                  <ol class="toc-versions">
                    <xsl:for-each select="ed:versions(.)">
                      <li><a href="#{ed:print-version-id(.)}"><xsl:value-of select="ed:version-summary(.)"/></a></li>
                    </xsl:for-each>
                  </ol>
                </xsl:if>
              </li>
            </xsl:for-each>
            <xsl:if test="exists($names)"><li class="toc-entry toc-back"><a href="#index-of-names">Index of names</a></li></xsl:if>
          </ol>
        </nav>
        <section class="principles" id="editorial-principles">
            <h1 class="front-head">Editorial principles</h1>
            <!-- each distinct paragraph of the conversations' encodingDesc, once -->
            <xsl:for-each-group select="$docs/teiHeader/encodingDesc//p[normalize-space()]" group-by="normalize-space()">
              <p><xsl:apply-templates mode="text"/></p>
            </xsl:for-each-group>
            <h2 class="front-head">Conventions</h2>
            <table class="conventions">
              <tr><td><span class="tei-supplied"><span class="bracket">[</span>word<span class="bracket">]</span></span></td><td>supplied by the translator or editor</td></tr>
              <tr><td><span class="tei-gap">⟨illegible⟩</span></td><td>omission or illegible passage in the source</td></tr>
              <tr><td><span class="tei-unclear">word</span></td><td>uncertain reading</td></tr>
              <tr><td><span class="tei-pb">|30</span></td><td>beginning of page (leaf) 30 of the source</td></tr>
              <tr><td><span class="tei-lb type-paragraph-split">¶</span></td><td>paragraph break in the source joined within a sentence</td></tr>
            </table>
        </section>
        <xsl:apply-templates select="$docs"/>
        <xsl:if test="exists($names)">
          <xsl:call-template name="ed:print-names"><xsl:with-param name="index" select="$names"/></xsl:call-template>
        </xsl:if>
      </body>
    </html>
  </xsl:template>

  <xsl:function name="ed:conv-id" as="xs:string">
    <xsl:param name="tei" as="element(TEI)"/>
    <xsl:sequence select="'c-' || ed:slug($tei)"/>
  </xsl:function>

  <xsl:function name="ed:print-version-id" as="xs:string">
    <xsl:param name="t" as="element(text)"/>
    <xsl:sequence select="ed:conv-id(root($t)/TEI) || '-' || (if ($t/@xml:id) then string($t/@xml:id) else generate-id($t))"/>
  </xsl:function>

  <xsl:template match="TEI">
    <article class="conversation" id="{ed:conv-id(.)}" lang="{(@xml:lang, 'en')[1]}">
      <header class="conv-header">
        <p class="conv-date"><xsl:value-of select="ed:date-text(.)"/><xsl:if test="ed:place(.)"> · <xsl:value-of select="ed:place(.)"/></xsl:if></p>
        <h1 class="conv-title" data-running="{ed:running-title(ed:main-title(.), 64)}"><xsl:value-of select="ed:main-title(.)"/></h1>
        <xsl:if test="ed:sub-title(.)"><p class="subtitle"><xsl:value-of select="ed:sub-title(.)"/></p></xsl:if>
        <xsl:call-template name="ed:meta-table"><xsl:with-param name="tei" select="."/></xsl:call-template>
        <xsl:call-template name="ed:summaries"><xsl:with-param name="tei" select="."/></xsl:call-template>
      </header>
      <xsl:for-each select="ed:versions(.)">
        <xsl:variable name="translators" select="ed:version-translators(.)"/>
        <section class="version type-{(@type, 'text')[1]}" id="{ed:print-version-id(.)}" lang="{ed:version-lang(.)}">
          <header class="version-head" lang="en">
            <h2><xsl:value-of select="ed:version-label(.)"/></h2>
            <xsl:if test="exists($translators)"><p class="translator">Translated by <xsl:value-of select="string-join($translators, ', ')"/></p></xsl:if>
            <xsl:for-each select="ed:version-sources(.)">
              <p class="version-source">
                <xsl:call-template name="ed:cite-source">
                  <xsl:with-param name="src" select="."/>
                  <xsl:with-param name="compact" select="true()"/>
                </xsl:call-template>
              </p>
            </xsl:for-each>
          </header>
          <div class="text-body">
            <xsl:apply-templates select="body | front | back" mode="text">
              <xsl:with-param name="id-prefix" tunnel="yes" select="ed:conv-id(root(.)/TEI) || '-'"/>
            </xsl:apply-templates>
          </div>
        </section>
      </xsl:for-each>
    </article>
  </xsl:template>

  <!-- ===== Print flavour of notes and corrections ===== -->

  <!-- Notes inside running text become footnotes; block notes stay in place (next-match). -->
  <xsl:template match="note[ed:is-footnote(.)]" mode="text">
    <span class="footnote {ed:class(.)}"><xsl:apply-templates select="." mode="note-body"/></span>
  </xsl:template>

  <!-- corr in the text, the source reading in a footnote (or in brackets inside a footnote). -->
  <xsl:template match="choice" mode="text">
    <xsl:variable name="src" select="ed:choice-source(.)"/>
    <xsl:variable name="label" select="if ($src/self::sic) then 'sic' else 'source'"/>
    <span class="tei-choice">
      <xsl:apply-templates select="ed:choice-reading(.)" mode="text"/>
      <xsl:choose>
        <xsl:when test="empty($src)"/>
        <xsl:when test="ancestor::note">
          <span class="sic-inline"> [<xsl:value-of select="$label"/>: <xsl:apply-templates select="$src/node()" mode="text"/>]</span>
        </xsl:when>
        <xsl:otherwise>
          <span class="footnote sic-note"><xsl:value-of select="if ($src/self::sic) then 'Source reads: ' else 'Source: '"/><i><xsl:apply-templates select="$src/node()" mode="text"/></i></span>
        </xsl:otherwise>
      </xsl:choose>
    </span>
  </xsl:template>
</xsl:stylesheet>
