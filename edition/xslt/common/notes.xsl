<?xml version="1.0" encoding="UTF-8"?>
<!--
  Notes and corrections, web flavour (the default). Included by text.xsl.
  - A note inside running text (ed:is-footnote) becomes a numbered reference;
    the notes themselves are listed per language version by ed:endnotes.
  - A note standing between blocks is shown in place as an aside.
  - choice: the corrected/regularised reading, the source reading in @title.
  print.xsl overrides the "note" and "choice" templates (footnotes, [sic: …]).
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:ed="urn:x-edition:functions"
    xpath-default-namespace="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="#all">

  <xsl:function name="ed:is-footnote" as="xs:boolean">
    <xsl:param name="note" as="element(note)"/>
    <xsl:sequence select="ed:phrasing($note)"/>
  </xsl:function>

  <!-- Number of a footnote-like note within its language version. -->
  <xsl:function name="ed:note-number" as="xs:string">
    <xsl:param name="note" as="element(note)"/>
    <xsl:variable name="n"><xsl:number select="$note" level="any" from="text" count="note[ed:is-footnote(.)]"/></xsl:variable>
    <xsl:sequence select="string($n)"/>
  </xsl:function>

  <!-- id stem of a note: <prefix><version id>-n<number> -->
  <xsl:function name="ed:note-id" as="xs:string">
    <xsl:param name="note" as="element(note)"/>
    <xsl:param name="prefix" as="xs:string"/>
    <xsl:variable name="t" select="$note/ancestor::text[1]"/>
    <xsl:sequence select="$prefix || (if ($t/@xml:id) then string($t/@xml:id) else generate-id($t)) || '-n' || ed:note-number($note)"/>
  </xsl:function>

  <!-- "Translator's note (Danny Rozas)" -->
  <xsl:function name="ed:note-attribution" as="xs:string">
    <xsl:param name="note" as="element(note)"/>
    <xsl:variable name="type" select="string($note/@type)"/>
    <xsl:variable name="label" select="
        if ($type = ('translator', 'translation')) then 'Translator’s note'
        else if ($type = ('editorial', 'editor')) then 'Editor’s note'
        else if ($type = 'archival') then 'Archival note'
        else if ($type) then upper-case(substring($type, 1, 1)) || replace(substring($type, 2), '[-_]', ' ')
        else ''"/>
    <xsl:variable name="resp" select="ed:targets($note, $note/@resp) ! ed:person-name(., 'en')"/>
    <xsl:sequence select="normalize-space($label || (if (exists($resp)) then ' (' || string-join($resp, ', ') || ')' else ''))"/>
  </xsl:function>

  <xsl:template match="note" mode="note-body">
    <xsl:variable name="attr" select="ed:note-attribution(.)"/>
    <xsl:if test="$attr"><span class="note-attribution"><xsl:value-of select="$attr"/>:</span><xsl:text> </xsl:text></xsl:if>
    <xsl:apply-templates mode="text"/>
  </xsl:template>

  <xsl:template match="note" mode="text">
    <xsl:param name="id-prefix" tunnel="yes" as="xs:string" select="''"/>
    <xsl:choose>
      <xsl:when test="ed:is-footnote(.)">
        <xsl:variable name="id" select="ed:note-id(., $id-prefix)"/>
        <a class="note-ref" id="{$id}-ref" href="#{$id}" role="doc-noteref"
           title="{normalize-space(string-join(.//text()[not(ancestor::sic or ancestor::orig)], ''))}">
          <sup><xsl:value-of select="ed:note-number(.)"/></sup>
        </a>
      </xsl:when>
      <xsl:otherwise>
        <aside class="{ed:class(.)} note-block">
          <xsl:apply-templates select="." mode="note-body"/>
        </aside>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The numbered notes of one language version. -->
  <xsl:template name="ed:endnotes">
    <xsl:param name="text" as="element(text)"/>
    <xsl:param name="id-prefix" tunnel="yes" as="xs:string" select="''"/>
    <xsl:variable name="notes" select="$text//note[ed:is-footnote(.)][ancestor::text[1] is $text]"/>
    <xsl:if test="exists($notes)">
      <section class="notes" role="doc-endnotes">
        <h3 class="notes-head">Notes</h3>
        <ol>
          <xsl:for-each select="$notes">
            <xsl:variable name="id" select="ed:note-id(., $id-prefix)"/>
            <li id="{$id}" value="{ed:note-number(.)}" role="doc-endnote">
              <xsl:apply-templates select="." mode="note-body"/>
              <xsl:text> </xsl:text>
              <a class="note-back" href="#{$id}-ref" role="doc-backlink" title="Back to the text">↩</a>
            </li>
          </xsl:for-each>
        </ol>
      </section>
    </xsl:if>
  </xsl:template>

  <!-- The reading adopted: corr, reg, expan; the source reading goes into the tooltip. -->
  <xsl:function name="ed:choice-reading" as="element()?">
    <xsl:param name="choice" as="element(choice)"/>
    <xsl:sequence select="($choice/corr, $choice/reg, $choice/expan, $choice/*)[1]"/>
  </xsl:function>

  <xsl:function name="ed:choice-source" as="element()?">
    <xsl:param name="choice" as="element(choice)"/>
    <xsl:sequence select="($choice/sic, $choice/orig, $choice/abbr, $choice/*)[not(. is ed:choice-reading($choice))][1]"/>
  </xsl:function>

  <xsl:template match="choice" mode="text">
    <xsl:variable name="src" select="ed:choice-source(.)"/>
    <span class="tei-choice" title="{if ($src/self::sic) then 'Source reads: ' else 'Source: '}{normalize-space($src)}">
      <xsl:apply-templates select="ed:choice-reading(.)" mode="text"/>
    </span>
  </xsl:template>

  <xsl:template match="corr | reg | expan" mode="text">
    <span class="{ed:class(.)}"><xsl:apply-templates mode="text"/></span>
  </xsl:template>
</xsl:stylesheet>
