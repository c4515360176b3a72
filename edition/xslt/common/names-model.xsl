<?xml version="1.0" encoding="UTF-8"?>
<!--
  The index of names as data, shared by the web page (xslt/names.xsl) and the
  printed index (xslt/common/names-print.xsl). Included by names.xsl and print.xsl,
  which import xslt/common/text.xsl (for entities.xsl and header.xsl).

  ed:entity-index($entries) takes the listing's <conversation href="…" src="…"/>
  entries in the order the conversations are published and returns, for every
  entity some mention refers to (grouped by the @ref id across all conversations):

    <entity id="stalin" kind="person|place|org" label="Joseph Stalin" inverted="Stalin, Joseph"
            sort="Stalin Joseph Stalin" resolved="true" ru="…" zh="…" dates="1878–1953"
            occupation="…" wikidata="Q855" geo="…">
      <see label="Port Arthur" sort="Port Arthur" kind="place"/>   (English variants used in the texts
                                                                     that sort elsewhere: "Port Arthur, see Lüshun")
      <conv href="….html" slug="…" when="1950-01-22" date="22 January 1950" title="…" short="…" role="speaker">
        <version id="ru" label="Russian original" lang="ru" count="12" first="m-3"/>   (versions naming it)
        <mention n="m-3"/>   (print anchors: consecutive mentions in one paragraph collapsed)
      </conv>
    </entity>

  The entities come unsorted: sort by @sort with $ed:collation.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:ed="urn:x-edition:functions"
    xmlns:map="http://www.w3.org/2005/xpath-functions/map"
    xpath-default-namespace="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="#all">

  <xsl:function name="ed:entity-index" as="element(Q{}entity)*">
    <xsl:param name="entries" as="element()*"/>
    <xsl:variable name="docs" select="$entries ! doc(@src)"/>
    <xsl:for-each-group select="$docs ! ed:indexed-mentions(.)" group-by="ed:ref-id(.)">
      <xsl:variable name="id" select="current-grouping-key()"/>
      <xsl:variable name="records" select="ed:entity-records($id, $docs)"/>
      <xsl:variable name="kind" select="ed:entity-kind($records, .)"/>
      <xsl:variable name="label" select="ed:entity-label($records, .)"/>
      <xsl:element name="entity" namespace="">
        <xsl:attribute name="id" select="$id"/>
        <xsl:attribute name="kind" select="$kind"/>
        <xsl:attribute name="label" select="$label"/>
        <xsl:attribute name="inverted" select="ed:inverted-name($kind, $records, $label)"/>
        <xsl:attribute name="sort" select="ed:entity-sort-key($kind, $records, $label)"/>
        <xsl:attribute name="resolved" select="exists($records)"/>
        <xsl:variable name="facts" select="map{
            'ru': ed:entity-name($records, 'ru')[. ne $label], 'zh': ed:entity-name($records, 'zh')[. ne $label],
            'dates': ed:life-dates($records), 'occupation': ed:occupations($records),
            'wikidata': ed:wikidata($records), 'geo': ed:geo($records)}"/>
        <xsl:for-each select="map:keys($facts)[exists($facts(.))]">
          <xsl:attribute name="{.}" select="$facts(.)"/>
        </xsl:for-each>
        <!-- cross-references: English variants used in the texts that would be looked for elsewhere -->
        <xsl:variable name="used" select="distinct-values(current-group()[starts-with(ed:version-lang(ancestor::text[1]), 'en')]
                                          ! lower-case(normalize-space(.)))"/>
        <xsl:variable name="key" select="ed:entity-sort-key($kind, $records, $label)"/>
        <xsl:for-each-group select="$records/(persName | placeName | orgName)[@type = 'variant'][@xml:lang = 'en']
                                    /normalize-space()[lower-case(.) = $used]" group-by="lower-case(replace(., '\W', ''))">
          <xsl:variable name="see-key" select="ed:entity-sort-key($kind, $records, .)"/>
          <xsl:if test="ed:initials($see-key) ne ed:initials($key)">
            <xsl:element name="see" namespace="">
              <xsl:attribute name="label" select="."/>
              <xsl:attribute name="sort" select="$see-key"/>
              <xsl:attribute name="kind" select="$kind"/>
            </xsl:element>
          </xsl:if>
        </xsl:for-each-group>
        <xsl:for-each-group select="current-group()" group-by="generate-id(root(.))">
          <xsl:variable name="doc" select="root(.)"/>
          <xsl:variable name="tei" select="$doc/TEI"/>
          <xsl:variable name="group" select="current-group()"/>
          <xsl:element name="conv" namespace="">
            <xsl:attribute name="href" select="$entries[doc(@src) is $doc][1]/@href"/>
            <xsl:attribute name="slug" select="ed:slug($tei)"/>
            <xsl:attribute name="when" select="ed:when($tei)"/>
            <xsl:attribute name="date" select="ed:date-text($tei)"/>
            <xsl:attribute name="title" select="ed:main-title($tei)"/>
            <xsl:attribute name="short" select="ed:running-title(ed:main-title($tei), 64)"/>
            <xsl:attribute name="role" select="$tei/teiHeader/profileDesc/particDesc//person[@xml:id = $id]/@role"/>
            <xsl:for-each select="ed:versions($tei)">
              <xsl:variable name="v" select="."/>
              <xsl:variable name="in" select="$group[ancestor::text[1] is $v]"/>
              <xsl:if test="exists($in)">
                <xsl:element name="version" namespace="">
                  <xsl:attribute name="id" select="(@xml:id, generate-id())[1]"/>
                  <xsl:attribute name="label" select="ed:version-short(.)"/>
                  <xsl:attribute name="lang" select="ed:version-lang(.)"/>
                  <xsl:attribute name="count" select="count($in)"/>
                  <xsl:attribute name="first" select="ed:mention-anchor($in[1])"/>
                </xsl:element>
              </xsl:if>
            </xsl:for-each>
            <xsl:for-each select="$group">
              <xsl:variable name="i" select="position()"/>
              <xsl:if test="$i eq 1 or not(ed:block(.) is ed:block($group[$i - 1]))">
                <xsl:element name="mention" namespace=""><xsl:attribute name="n" select="ed:mention-anchor(.)"/></xsl:element>
              </xsl:if>
            </xsl:for-each>
          </xsl:element>
        </xsl:for-each-group>
      </xsl:element>
    </xsl:for-each-group>
  </xsl:function>

  <!-- The first three letters, without case and accents: "Lüshun" and "Lushunkou" sort together. -->
  <xsl:function name="ed:initials" as="xs:string">
    <xsl:param name="s" as="xs:string"/>
    <xsl:sequence select="substring(lower-case(replace(normalize-unicode($s, 'NFD'), '\p{Mn}', '')), 1, 3)"/>
  </xsl:function>

  <!-- The paragraph-like element a mention stands in (for collapsing mentions in print). -->
  <xsl:function name="ed:block" as="element()">
    <xsl:param name="m" as="element()"/>
    <xsl:sequence select="($m/ancestor::*[self::p or self::head or self::ab or self::item or self::note or self::dateline
                          or self::signed or self::salute or self::speaker or self::trailer or self::byline or self::l][1], $m/..)[1]"/>
  </xsl:function>

  <!-- "Russian original", "English (Rozas)", "English translation" -->
  <xsl:function name="ed:version-short" as="xs:string">
    <xsl:param name="t" as="element(text)"/>
    <xsl:variable name="tr" select="ed:version-translators($t) ! tokenize(., '\s+')[last()]"/>
    <xsl:sequence select="if ($t/@type = 'original' or empty($tr)) then ed:version-label($t)
                          else ed:lang-name(root($t)/TEI, ed:version-lang($t)) || ' (' || string-join($tr, ', ') || ')'"/>
  </xsl:function>

  <!-- The title cut at a word boundary to at most $max characters (running heads, lists). -->
  <xsl:function name="ed:running-title" as="xs:string">
    <xsl:param name="title" as="xs:string"/>
    <xsl:param name="max" as="xs:integer"/>
    <xsl:sequence select="if (string-length($title) le $max) then $title
                          else replace(replace(substring($title, 1, $max), '\s+\S*$', ''), '[\s,;:]+$', '') || ' …'"/>
  </xsl:function>
</xsl:stylesheet>
