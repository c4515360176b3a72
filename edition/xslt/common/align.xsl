<?xml version="1.0" encoding="UTF-8"?>
<!--
  Sentence alignment on the web page (see docs/alignment.md). Included by html.xsl only:
  the print edition renders s as a plain span (common/text.xsl).

  Every s[@xml:id] becomes <span class="s" id="…" data-links="…" data-cert="…">:
  - data-links: its counterparts in the other language versions, the versions in page
    order, each in document order. Versions linked directly (the original and each
    translation: standOff/linkGrp[@type='translation'][@subtype='sentence']) give the
    targets of the sentence's links; two translations, which are aligned only to the
    original, correspond through it: the translation's sentences in the connected
    component of the sentence over all sentence links (as
    edition.align.standoff.between_translations does).
  - data-cert: the lowest @cert of the links and ptrs naming the sentence.
  - a sentence without counterpart in some version (a ptr[@type='unaligned'], or none by
    composition) is "s unaligned", with a title naming the version(s).
  xslt/js/align.js reads these attributes; without it the spans are plain text.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:ed="urn:x-edition:functions"
    xmlns:map="http://www.w3.org/2005/xpath-functions/map"
    xpath-default-namespace="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="#all">

  <!-- links and ptrs of the sentence groups, by the ids they point at -->
  <xsl:key name="ed:sentence-links"
           match="*[self::link or self::ptr][parent::linkGrp[@type = 'translation'][@subtype = 'sentence']]"
           use="ed:pointer-ids(@target)"/>

  <xsl:variable name="ed:cert-rank" as="map(xs:string, xs:integer)" select="map{'low': 1, 'medium': 2, 'high': 3}"/>

  <!-- "#a #b" -> "a", "b" -->
  <xsl:function name="ed:pointer-ids" as="xs:string*">
    <xsl:param name="pointers" as="xs:string?"/>
    <xsl:sequence select="tokenize(normalize-space($pointers), ' ')[starts-with(., '#')][string-length(.) gt 1] ! substring(., 2)"/>
  </xsl:function>

  <!-- The language version (a text with an id) an element belongs to. -->
  <xsl:function name="ed:version-of" as="element(text)?">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="$e/ancestor::text[1]"/>
  </xsl:function>

  <!-- Whether two versions are aligned to each other directly (one linkGrp names both). -->
  <xsl:function name="ed:directly-aligned" as="xs:boolean">
    <xsl:param name="a" as="element(text)"/>
    <xsl:param name="b" as="element(text)"/>
    <xsl:sequence select="some $g in root($a)//standOff/linkGrp[@type = 'translation'][@subtype = 'sentence']
                          satisfies (every $id in ($a/@xml:id, $b/@xml:id) satisfies $id = ed:pointer-ids($g/@corresp))"/>
  </xsl:function>

  <!-- The ids connected to $ids by sentence links, transitively ($ids distinct). -->
  <xsl:function name="ed:link-component" as="xs:string*">
    <xsl:param name="ids" as="xs:string*"/>
    <xsl:param name="doc" as="document-node()"/>
    <xsl:variable name="next" select="distinct-values(($ids, key('ed:sentence-links', $ids, $doc)[self::link] ! ed:pointer-ids(@target)))"/>
    <xsl:sequence select="if (count($next) eq count($ids)) then $ids else ed:link-component($next, $doc)"/>
  </xsl:function>

  <!-- The counterparts of sentence $s in the other versions, in page order. -->
  <xsl:function name="ed:counterparts" as="element(s)*">
    <xsl:param name="s" as="element(s)"/>
    <xsl:variable name="doc" select="root($s)"/>
    <xsl:variable name="own" select="ed:version-of($s)"/>
    <xsl:variable name="direct" select="key('xmlid', key('ed:sentence-links', string($s/@xml:id), $doc)[self::link] ! ed:pointer-ids(@target), $doc)"/>
    <xsl:variable name="composed" select="key('xmlid', ed:link-component(string($s/@xml:id), $doc), $doc)"/>
    <xsl:for-each select="ed:versions($doc/TEI)[not(. is $own)]">
      <xsl:variable name="version" select="."/>
      <xsl:sequence select="(if (ed:directly-aligned($own, $version)) then $direct else $composed)
                            /self::s[ed:version-of(.) is $version]"/>
    </xsl:for-each>
  </xsl:function>

  <!-- The toggle and what the highlighting means, in the version nav; shown by align.js
       (without the script the page is plain text and they would mean nothing). -->
  <xsl:template name="ed:align-controls">
    <div class="align-controls" hidden="hidden">
      <button type="button" class="align-toggle" aria-pressed="true" aria-describedby="align-legend">Show alignment</button>
      <p class="align-legend" id="align-legend">
        <span class="legend-item"><span class="legend-sample sample-match">tinted</span> a sentence pointed at or
          focused and its counterparts; click it to bring them into view</span>
        <xsl:text> </xsl:text>
        <span class="legend-item"><span class="legend-sample sample-medium">dotted</span> a likely link, worth a glance</span>
        <xsl:text> </xsl:text>
        <span class="legend-item"><span class="legend-sample sample-low">dashed</span> a doubtful link, to review</span>
        <xsl:text> </xsl:text>
        <span class="legend-item"><span class="legend-sample sample-unaligned">grey</span> no counterpart in another
          version</span>
      </p>
    </div>
  </xsl:template>

  <xsl:template match="s[@xml:id]" mode="text">
    <xsl:variable name="naming" select="key('ed:sentence-links', string(@xml:id))"/>
    <xsl:variable name="own" select="ed:version-of(.)"/>
    <xsl:variable name="counterparts" select="if (exists($naming)) then ed:counterparts(.) else ()"/>
    <!-- the versions in which an aligned sentence has no counterpart (a ptr, or none by composition) -->
    <xsl:variable name="missing" as="element(text)*"
                  select="if (empty($naming)) then () else
                          ed:versions(root(.)/TEI)[not(. is $own)][let $v := . return not(some $c in $counterparts satisfies ed:version-of($c) is $v)]"/>
    <xsl:variable name="certs" as="xs:string*" select="$naming/@cert[. = map:keys($ed:cert-rank)]/string()"/>
    <span class="{if (exists($missing)) then 's unaligned' else 's'}" id="{@xml:id}">
      <xsl:if test="@xml:lang"><xsl:attribute name="lang" select="@xml:lang"/></xsl:if>
      <xsl:if test="exists($naming)">
        <xsl:attribute name="data-links" select="string-join($counterparts/@xml:id, ' ')"/>
      </xsl:if>
      <xsl:if test="exists($certs)">
        <xsl:attribute name="data-cert" select="sort($certs, (), function($c) { $ed:cert-rank($c) })[1]"/>
      </xsl:if>
      <xsl:if test="exists($missing)">
        <xsl:attribute name="title" select="'No counterpart in the ' || string-join($missing ! ed:version-summary(.), ' or the ')"/>
      </xsl:if>
      <xsl:apply-templates mode="text"/>
    </span>
  </xsl:template>
</xsl:stylesheet>
