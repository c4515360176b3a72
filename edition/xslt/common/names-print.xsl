<?xml version="1.0" encoding="UTF-8"?>
<!--
  The printed index of names, at the end of the book (print.xsl; css/print.css).
  Every mention in print has an anchor "c-<slug>-m-<n>" (an empty span after the name,
  print.xsl; entities.xsl's numbering with print's id prefix); the index points at these.

  Page numbers, two ways:
  - $mention-pages empty (first rendering): one link per mention, consecutive
    mentions within one paragraph collapsed; css/print.css prints each link as
    target-counter(attr(href), page). WeasyPrint cannot remove duplicates.
  - $mention-pages given ("<anchor> <page>" strings measured by edition/publish/pdf.py
    from the book set without its index, print.xsl's part 'body'): each page once,
    runs of three or more pages as ranges ("12–14"), each number linked to the first
    mention on it. The index comes last and is set on its own (part 'index'), so it
    moves no page before it.
  - $index-draft true(): no page numbers at all (a draft; pdf.py no longer sets one).
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:ed="urn:x-edition:functions"
    xmlns:map="http://www.w3.org/2005/xpath-functions/map"
    xpath-default-namespace="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="#all">

  <xsl:param name="mention-pages" as="xs:string*" select="()"/>
  <xsl:param name="index-draft" as="xs:boolean" select="false()"/>
  <!-- false() when no font with Chinese glyphs is installed (WeasyPrint would print boxes) -->
  <xsl:param name="chinese-names" as="xs:boolean" select="true()"/>

  <xsl:variable name="ed:mention-pages" as="map(xs:string, xs:integer)"
      select="map:merge($mention-pages[matches(., '^\S+ \d+$')] ! map{substring-before(., ' '): xs:integer(substring-after(., ' '))})"/>

  <xsl:mode name="print-names" on-no-match="fail"/>

  <xsl:template name="ed:print-names">
    <xsl:param name="index" as="element(Q{}entity)*"/>
    <section class="names-index" id="index-of-names">
      <h1 class="front-head index-head">Index of names</h1>
      <p class="index-note">Page numbers refer to the names in every language version of the conversations,
        in the text and in the notes. Persons are listed by family name: for Chinese names the first word
        of the name, for others the last.</p>
      <xsl:for-each select="$ed:kinds[$index/@kind = .]">
        <xsl:variable name="kind" select="."/>
        <section class="index-kind kind-{$kind}">
          <h2 class="index-kind-head"><xsl:value-of select="map{'person': 'Persons', 'place': 'Places', 'org': 'Organisations'}($kind)"/></h2>
          <div class="ix-columns">
            <xsl:apply-templates select="$index[@kind = $kind]/(., Q{}see)" mode="print-names">
              <xsl:sort select="@sort" collation="{$ed:collation}"/>
              <xsl:sort select="@label" collation="{$ed:collation}"/>
            </xsl:apply-templates>
          </div>
        </section>
      </xsl:for-each>
    </section>
  </xsl:template>

  <xsl:template match="Q{}see" mode="print-names">
    <p class="ix-entry ix-xref"><span class="ix-name"><xsl:value-of select="@label"/></span>
      <xsl:text> </xsl:text><i>see</i><xsl:text> </xsl:text><xsl:value-of select="../@inverted"/></p>
  </xsl:template>

  <xsl:template match="Q{}entity" mode="print-names">
    <xsl:variable name="anchors" select="Q{}conv/Q{}mention/('c-' || ../@slug || '-' || @n)"/>
    <p class="ix-entry" data-entity="{@id}">
      <span class="ix-name"><xsl:value-of select="@inverted"/></span>
      <xsl:for-each select="@ru, @zh[$chinese-names]"><xsl:text> </xsl:text><span class="ix-other" lang="{local-name()}"><xsl:value-of select="."/></span></xsl:for-each>
      <xsl:for-each select="@dates"><xsl:text> </xsl:text><span class="ix-dates">(<xsl:value-of select="."/>)</span></xsl:for-each>
      <xsl:text> </xsl:text>
      <span class="ix-refs">
        <xsl:variable name="measured" select="$anchors[map:contains($ed:mention-pages, .)]"/>
        <xsl:for-each-group select="sort(distinct-values($measured ! $ed:mention-pages(.)))" group-adjacent=". - position()">
          <xsl:variable name="first" select="current-group()[1]"/>
          <xsl:variable name="last" select="current-group()[last()]"/>
          <xsl:if test="position() gt 1">, </xsl:if>
          <xsl:call-template name="ed:page-link"><xsl:with-param name="page" select="$first"/><xsl:with-param name="anchors" select="$measured"/></xsl:call-template>
          <xsl:choose>
            <xsl:when test="count(current-group()) ge 3">–<xsl:value-of select="$last"/></xsl:when>
            <xsl:when test="count(current-group()) eq 2">, <xsl:call-template name="ed:page-link">
              <xsl:with-param name="page" select="$last"/><xsl:with-param name="anchors" select="$measured"/></xsl:call-template></xsl:when>
          </xsl:choose>
        </xsl:for-each-group>
        <!-- not measured (first rendering): the page of each anchor, by target-counter() -->
        <xsl:for-each select="$anchors[not($index-draft)][not(. = $measured)]"><a class="ix-ref" href="#{.}"/></xsl:for-each>
      </span>
    </p>
  </xsl:template>

  <xsl:template name="ed:page-link">
    <xsl:param name="page" as="xs:integer"/>
    <xsl:param name="anchors" as="xs:string*"/>
    <a class="ix-page" href="#{$anchors[$ed:mention-pages(.) eq $page][1]}"><xsl:value-of select="$page"/></a>
  </xsl:template>
</xsl:stylesheet>
