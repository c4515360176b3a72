<?xml version="1.0" encoding="UTF-8"?>
<!--
  A language version as units: each block the paragraph links name (p, head, dateline, …;
  common/align.xsl, ed:blocks) is one unit, shown inside copies of its TEI containers (div, sp,
  closer, …; a container's id on its first unit only), the speaker leading the first paragraph
  of a turn. What lies between blocks (scan furniture, page breaks) goes with the block before
  it, a speaker label or page break without a paragraph with the block after it (a page break
  before a paragraph opens it, as one inside a paragraph would); what comes before the first
  block is the prelude. Shared by the web page's shared rows (html.xsl) and the printed facing
  pages (print.xsl), which put the units in their own boxes.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:ed="urn:x-edition:functions"
    xmlns:map="http://www.w3.org/2005/xpath-functions/map"
    xpath-default-namespace="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="#all">

  <!-- map{'blocks': the units' blocks, 'prelude': nodes before the first block,
           'before': map{block id: nodes shown before it}, 'after': map{block id: nodes after it},
           'previous': map{block id: the block before it (none for the first)},
           'is-block', 'is-container': map{generate-id(): true()} of the blocks, of their containers}.
       One pass in document order (not a search per block: a long version has thousands). -->
  <xsl:function name="ed:unit-plan" as="map(*)">
    <xsl:param name="text" as="element(text)"/>
    <xsl:variable name="blocks" select="ed:blocks($text)"/>
    <xsl:variable name="wrappers" select="$blocks/ancestor::*[. >> $text]"/>
    <xsl:variable name="loose" select="($text | $wrappers)/node()[not(. intersect ($blocks | $wrappers))]
                                       [not(self::text()[not(normalize-space())] or self::comment() or self::processing-instruction())]
                                       [not(self::speaker[parent::sp/(* except speaker)[1][self::p] intersect $blocks])]"/>
    <xsl:variable name="is-block" as="map(xs:string, xs:boolean)" select="map:merge($blocks ! map{generate-id(.): true()})"/>
    <xsl:variable name="is-container" as="map(xs:string, xs:boolean)" select="map:merge($wrappers ! map{generate-id(.): true()})"/>
    <xsl:iterate select="$blocks | $loose">
      <xsl:param name="last" as="xs:string?" select="()"/>       <!-- id of the block before -->
      <xsl:param name="waiting" as="node()*" select="()"/>       <!-- speakers, labels, pbs before the next block -->
      <xsl:param name="plan" as="map(*)" select="map{'blocks': $blocks, 'prelude': (), 'before': map{}, 'after': map{},
          'is-block': $is-block, 'is-container': $is-container,
          'previous': map:merge(for $k in 2 to count($blocks) return map{string($blocks[$k]/@xml:id): $blocks[$k - 1]})}"/>
      <xsl:on-completion>
        <!-- what waits for a block that never comes goes with the last one (or the prelude) -->
        <xsl:sequence select="if (empty($waiting)) then $plan
                              else if (empty($last)) then map:put($plan, 'prelude', ($plan?prelude, $waiting))
                              else map:put($plan, 'after', map:put($plan?after, $last, ($plan?after($last), $waiting)))"/>
      </xsl:on-completion>
      <xsl:choose>
        <xsl:when test="map:contains($is-block, generate-id(.))">
          <xsl:next-iteration>
            <xsl:with-param name="last" select="string(@xml:id)"/>
            <xsl:with-param name="waiting" select="()"/>
            <xsl:with-param name="plan" select="if (empty($waiting)) then $plan
                                                else map:put($plan, 'before', map:put($plan?before, string(@xml:id), $waiting))"/>
          </xsl:next-iteration>
        </xsl:when>
        <xsl:when test="self::speaker or self::label or self::pb">
          <xsl:next-iteration><xsl:with-param name="waiting" select="($waiting, .)"/></xsl:next-iteration>
        </xsl:when>
        <xsl:when test="empty($last)">
          <xsl:next-iteration>
            <xsl:with-param name="waiting" select="$waiting"/>
            <xsl:with-param name="plan" select="map:put($plan, 'prelude', ($plan?prelude, .))"/>
          </xsl:next-iteration>
        </xsl:when>
        <xsl:otherwise>
          <!-- scan furniture between blocks: with the block before (what waits still waits for the next) -->
          <xsl:next-iteration>
            <xsl:with-param name="waiting" select="$waiting"/>
            <xsl:with-param name="plan" select="map:put($plan, 'after', map:put($plan?after, $last, ($plan?after($last), .)))"/>
          </xsl:next-iteration>
        </xsl:otherwise>
      </xsl:choose>
    </xsl:iterate>
  </xsl:function>

  <!-- The content of the unit of $block: what goes before it, the block in copies of its containers (none with
       $contained false: the web page has each container once, around its units), what follows. -->
  <xsl:template name="ed:unit-content">
    <xsl:param name="plan" as="map(*)"/>
    <xsl:param name="block" as="element()"/>
    <xsl:param name="text" as="element(text)" select="ed:version-of($block)"/>
    <xsl:param name="contained" as="xs:boolean" select="true()"/>
    <xsl:variable name="before" select="$plan?before(string($block/@xml:id))"/>
    <xsl:variable name="inline" select="if ($block/self::p) then $before[self::pb] else ()"/>
    <xsl:apply-templates select="$before except $inline" mode="loose"/>
    <xsl:call-template name="ed:wrap">
      <xsl:with-param name="chain" select="if ($contained) then $block/ancestor::*[. >> $text] else ()"/>
      <xsl:with-param name="block" select="$block"/>
      <xsl:with-param name="previous" select="$plan?previous(string($block/@xml:id))"/>
      <xsl:with-param name="lead" as="node()*"><xsl:apply-templates select="$inline" mode="text"/></xsl:with-param>
    </xsl:call-template>
    <xsl:apply-templates select="$plan?after(string($block/@xml:id))" mode="loose"/>
  </xsl:template>

  <!-- A block inside copies of its containers $chain (outermost first); $previous, the block before it. -->
  <xsl:template name="ed:wrap">
    <xsl:param name="chain" as="element()*"/>
    <xsl:param name="block" as="element()"/>
    <xsl:param name="previous" as="element()?"/>
    <xsl:param name="lead" as="node()*" select="()"/>
    <xsl:variable name="w" select="$chain[1]"/>
    <xsl:choose>
      <xsl:when test="empty($chain)">
        <xsl:variable name="sp" select="$block/self::p/parent::sp[(* except speaker)[1] is $block]"/>
        <xsl:apply-templates select="$block" mode="text">
          <xsl:with-param name="lead" as="node()*">
            <xsl:sequence select="$lead"/>
            <xsl:sequence select="$sp"/>  <!-- its speaker, made by the paragraph's template (mode ed:lead) -->
          </xsl:with-param>
        </xsl:apply-templates>
      </xsl:when>
      <xsl:when test="$w[self::body or self::front or self::back or self::group]">
        <xsl:call-template name="ed:wrap">
          <xsl:with-param name="chain" select="tail($chain)"/>
          <xsl:with-param name="block" select="$block"/>
          <xsl:with-param name="previous" select="$previous"/>
          <xsl:with-param name="lead" select="$lead"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise>
        <xsl:element name="{ed:container-name($w)}">
          <!-- the container's first unit: the block before it (in document order) is not inside the container,
               whose descendants are contiguous in document order (not a search of the container's descendants
               per unit: quadratic in the units of a version) -->
          <xsl:call-template name="ed:container-attrs">
            <xsl:with-param name="w" select="$w"/>
            <xsl:with-param name="first" select="empty($previous/ancestor::*[. is $w])"/>
          </xsl:call-template>
          <xsl:call-template name="ed:wrap">
            <xsl:with-param name="chain" select="tail($chain)"/>
            <xsl:with-param name="block" select="$block"/>
            <xsl:with-param name="previous" select="$previous"/>
            <xsl:with-param name="lead" select="$lead"/>
          </xsl:call-template>
        </xsl:element>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The HTML element of a container of blocks, and its attributes (its id on its $first copy only). -->
  <xsl:function name="ed:container-name" as="xs:string">
    <xsl:param name="w" as="element()"/>
    <xsl:sequence select="if ($w/self::list) then 'ul' else if ($w/self::quote) then 'blockquote' else 'div'"/>
  </xsl:function>

  <xsl:template name="ed:container-attrs">
    <xsl:param name="w" as="element()"/>
    <xsl:param name="first" as="xs:boolean"/>
    <xsl:param name="class" as="xs:string?" select="()"/>
    <xsl:attribute name="class" select="string-join((ed:class($w), $class), ' ')"/>
    <xsl:if test="$w/@xml:lang"><xsl:attribute name="lang" select="$w/@xml:lang"/></xsl:if>
    <xsl:if test="$first and $w/@xml:id"><xsl:attribute name="id" select="$w/@xml:id"/></xsl:if>
    <xsl:if test="$w/@n"><xsl:attribute name="data-n" select="$w/@n"/></xsl:if>
    <xsl:if test="$w/self::sp/@who"><xsl:attribute name="data-who" select="replace($w/@who, '#', '')"/></xsl:if>
  </xsl:template>

  <xsl:template match="node()" mode="loose">
    <xsl:apply-templates select="." mode="text"/>
  </xsl:template>

  <xsl:template match="speaker" mode="loose">
    <p class="tei-speaker"><xsl:apply-templates select="." mode="text"/></p>
  </xsl:template>
</xsl:stylesheet>
