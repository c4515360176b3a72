<?xml version="1.0" encoding="UTF-8"?>
<!--
  TEI body content -> HTML, in mode "text". Shared by html.xsl and print.xsl,
  which import this module and override the medium-specific templates
  (notes, corrections) defined in xslt/common/notes.xsl.

  Rules:
  - Every element without a template keeps its text (a span with class
    "tei-<name>"); no text is dropped.
  - The output must be valid HTML nesting: inside phrasing contexts (p, head,
    note, ...) block-like TEI elements become spans (see ed:phrasing).
  - Tunnel parameter $id-prefix makes ids unique when several conversations
    share one document (print).
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:ed="urn:x-edition:functions"
    xpath-default-namespace="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="#all">

  <xsl:include href="header.xsl"/>
  <xsl:include href="notes.xsl"/>
  <xsl:include href="entities.xsl"/>

  <xsl:mode name="text" on-no-match="text-only-copy"/>

  <!-- Whitespace between structural elements carries no meaning. -->
  <xsl:strip-space elements="TEI teiHeader fileDesc titleStmt publicationStmt sourceDesc msDesc msIdentifier
                             profileDesc particDesc listPerson person settingDesc setting langUsage
                             text group body front back div sp list choice opener closer app subst"/>

  <!-- True when $n sits inside phrasing content (so block elements must become spans): an ancestor inside the
       text is not one of the elements that may contain block content in HTML. The test of each ancestor is
       written here, not called (a call per ancestor of every node was a tenth of a page). -->
  <xsl:function name="ed:phrasing" as="xs:boolean">
    <xsl:param name="n" as="node()"/>
    <xsl:sequence select="exists($n/ancestor::*[not(self::TEI or self::text or self::group or self::body or self::front or self::back
                          or self::div or self::sp or self::opener or self::closer or self::list or self::item
                          or self::postscript or self::argument or self::floatingText or self::lg)][ancestor::text])"/>
  </xsl:function>

  <xsl:function name="ed:el" as="xs:string">
    <xsl:param name="n" as="node()"/>
    <xsl:param name="block" as="xs:string"/>
    <xsl:sequence select="if (ed:phrasing($n)) then 'span' else $block"/>
  </xsl:function>

  <!-- class="tei-div type-record", plus @rend tokens -->
  <xsl:function name="ed:class" as="xs:string">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="if (empty($e/@type) and empty($e/@rend)) then 'tei-' || local-name($e) else string-join(('tei-' || local-name($e),
                          $e/@type ! ('type-' || replace(., '[^\w-]', '_')),
                          tokenize(normalize-space($e/@rend), ' ') ! ('rend-' || replace(., '[^\w-]', '_'))), ' ')"/>
  </xsl:function>

  <!-- Common attributes: class, lang when it differs, id. -->
  <xsl:template name="ed:attrs">
    <xsl:param name="class" as="xs:string?" select="()"/>
    <xsl:param name="id-prefix" tunnel="yes" as="xs:string" select="''"/>
    <xsl:attribute name="class" select="string-join((ed:class(.), $class), ' ')"/>
    <xsl:if test="@xml:lang"><xsl:attribute name="lang" select="@xml:lang"/></xsl:if>
    <xsl:if test="@xml:id"><xsl:attribute name="id" select="$id-prefix || @xml:id"/></xsl:if>
  </xsl:template>

  <!-- ===== Structure ===== -->

  <xsl:template match="body | front | back" mode="text">
    <xsl:apply-templates mode="text"/>
  </xsl:template>

  <xsl:template match="div | opener | closer | postscript | argument | floatingText" mode="text">
    <xsl:element name="{ed:el(., 'div')}">
      <xsl:call-template name="ed:attrs"/>
      <xsl:if test="@n"><xsl:attribute name="data-n" select="@n"/></xsl:if>
      <xsl:apply-templates mode="text"/>
    </xsl:element>
  </xsl:template>

  <xsl:template match="head" mode="text">
    <xsl:variable name="level" select="min((6, 2 + count(ancestor::div)))"/>
    <xsl:element name="{if (parent::div and not(ed:phrasing(.))) then 'h' || $level else ed:el(., 'p')}">
      <xsl:call-template name="ed:attrs"/>
      <xsl:apply-templates mode="text"/>
    </xsl:element>
  </xsl:template>

  <xsl:template match="p | dateline | salute | signed | byline | ab | trailer" mode="text">
    <xsl:param name="lead" as="node()*" select="()"/>
    <xsl:element name="{ed:el(., 'p')}">
      <xsl:call-template name="ed:attrs"/>
      <!-- a label ("1.") just before a paragraph is set at its start -->
      <xsl:apply-templates select="preceding-sibling::*[1][self::label]" mode="text">
        <xsl:with-param name="inline" select="true()"/>
      </xsl:apply-templates>
      <xsl:apply-templates select="$lead" mode="ed:lead"/>
      <xsl:apply-templates mode="text"/>
    </xsl:element>
  </xsl:template>

  <!-- What leads a paragraph (the $lead of its template): nodes made already, copied as they are; a turn (sp) of
       the source, its speaker label(s), made here in place. Made beforehand into the parameter (a temporary tree,
       then copied), a speaker's name cost several times another name: about a sixth of the page of three
       aligned versions. -->
  <xsl:mode name="ed:lead" on-no-match="deep-copy"/>

  <xsl:template match="sp" mode="ed:lead">
    <xsl:call-template name="ed:speaker-lead"><xsl:with-param name="sp" select="."/></xsl:call-template>
  </xsl:template>

  <!-- The English names of the persons a turn's @who points at, or () if it points at none: once per document
       and @who (a conversation has a few speakers and hundreds of turns; the search and the names cost tens of
       microseconds per turn). -->
  <xsl:function name="ed:who-title" as="xs:string?" cache="yes">
    <xsl:param name="doc" as="node()"/>
    <xsl:param name="who" as="xs:string"/>
    <xsl:variable name="persons" select="ed:targets($doc, $who)"/>
    <xsl:sequence select="if (exists($persons)) then string-join($persons ! ed:person-name(., 'en'), ', ') else ()"/>
  </xsl:function>

  <!-- Speech: the speaker leads into the first paragraph. -->
  <!-- The speaker label(s) of an sp, bold, each followed by a space. -->
  <xsl:template name="ed:speaker-lead">
    <xsl:param name="sp" as="element(sp)"/>
    <xsl:variable name="who" select="ed:who-title(root($sp), string($sp/@who))"/>
    <xsl:for-each select="$sp/speaker">
      <b class="speaker">
        <xsl:if test="exists($who)"><xsl:attribute name="title" select="$who"/></xsl:if>
        <!-- the label exactly as printed: "Stalin:", "STALIN," or "ZHOU ENLAI" before "asks" -->
        <xsl:apply-templates mode="text"/>
      </b>
      <xsl:text> </xsl:text>
    </xsl:for-each>
  </xsl:template>

  <xsl:template match="sp" mode="text">
    <xsl:element name="{ed:el(., 'div')}">
      <xsl:call-template name="ed:attrs"/>
      <xsl:if test="@who"><xsl:attribute name="data-who" select="replace(@who, '#', '')"/></xsl:if>
      <xsl:variable name="first" select="(* except speaker)[1]"/>
      <xsl:choose>
        <xsl:when test="$first/self::p">
          <xsl:apply-templates select="$first" mode="text"><xsl:with-param name="lead" select="."/></xsl:apply-templates>
        </xsl:when>
        <xsl:otherwise>
          <xsl:element name="{ed:el(., 'p')}"><xsl:attribute name="class" select="'tei-speaker'"/>
            <xsl:call-template name="ed:speaker-lead"><xsl:with-param name="sp" select="."/></xsl:call-template>
          </xsl:element>
          <xsl:apply-templates select="$first" mode="text"/>
        </xsl:otherwise>
      </xsl:choose>
      <xsl:apply-templates select="node() except (speaker, $first)" mode="text"/>
    </xsl:element>
  </xsl:template>

  <xsl:template match="list" mode="text">
    <xsl:element name="{ed:el(., 'ul')}">
      <xsl:call-template name="ed:attrs"/>
      <xsl:apply-templates mode="text"/>
    </xsl:element>
  </xsl:template>

  <xsl:template match="list/item" mode="text">
    <xsl:element name="{if (ed:phrasing(.)) then 'span' else 'li'}">
      <xsl:call-template name="ed:attrs"/>
      <xsl:if test="@n and not(label)"><span class="tei-label item-n"><xsl:value-of select="@n"/><xsl:if test="matches(@n, '^\w+$')">.</xsl:if></span><xsl:text> </xsl:text></xsl:if>
      <xsl:apply-templates mode="text"/>
    </xsl:element>
  </xsl:template>

  <xsl:template match="list/head" mode="text" priority="2">
    <xsl:element name="{if (ed:phrasing(.)) then 'span' else 'li'}">
      <xsl:call-template name="ed:attrs"/>
      <xsl:apply-templates mode="text"/>
    </xsl:element>
  </xsl:template>

  <xsl:template match="label" mode="text">
    <xsl:param name="inline" as="xs:boolean" select="false()"/>
    <xsl:if test="$inline or not(following-sibling::*[1][self::p])">
      <span><xsl:call-template name="ed:attrs"/><xsl:apply-templates mode="text"/></span>
      <xsl:text> </xsl:text>
    </xsl:if>
  </xsl:template>

  <xsl:template match="quote[not(ed:phrasing(.))]" mode="text">
    <blockquote><xsl:call-template name="ed:attrs"/><xsl:apply-templates mode="text"/></blockquote>
  </xsl:template>

  <!-- ===== Source layout: page breaks, forme work, line breaks ===== -->

  <xsl:template match="pb" mode="text">
    <span class="tei-pb" title="{if (@n) then 'Page ' || @n || ' of the source' else 'Page break in the source'}{
           if (@cert) then ' (certainty: ' || @cert || ')' else ''}">
      <xsl:if test="@n"><xsl:attribute name="data-n" select="@n"/></xsl:if>
      <xsl:value-of select="'|' || (if (@n) then @n else '') || (if (@cert) then '?' else '')"/>
    </span>
  </xsl:template>

  <xsl:template match="fw" mode="text">
    <span class="{ed:class(.)}" title="{if (@type = 'pageNum') then 'Page number in the source' else 'Running header in the source'}">
      <xsl:apply-templates mode="text"/>
    </span>
  </xsl:template>

  <!-- Resolved end-of-line hyphenation: the word is already joined; nothing to show. -->
  <xsl:template match="lb[@break = 'no']" mode="text"/>

  <!-- A source paragraph break inside a sentence, joined by the converter. -->
  <xsl:template match="lb[@type = 'paragraph-split']" mode="text" priority="2">
    <span class="tei-lb type-paragraph-split" title="Paragraph break in the source">¶</span>
  </xsl:template>

  <xsl:template match="lb" mode="text"><br/></xsl:template>

  <!-- ===== Editorial interventions ===== -->

  <!-- what a supplied passage is, in a reader's words (the key to signs says the same: common/key.xsl) -->
  <xsl:function name="ed:supplied-kind" as="xs:string">
    <xsl:param name="reason" as="attribute()?"/>
    <xsl:sequence select="
        if ($reason = 'abbreviation') then 'Completed'
        else if ($reason = 'gloss') then 'Another name, an expansion or a gloss'
        else if ($reason = 'identification') then 'Who the person named next is'
        else if ($reason = 'original-wording') then 'The original’s word, romanised'
        else if ($reason = 'punctuation') then 'Punctuation supplied'
        else 'Supplied'"/>
  </xsl:function>

  <xsl:template match="supplied" mode="text">
    <xsl:variable name="resp" select="ed:targets(., @resp)"/>
    <span class="tei-supplied{@reason ! (' reason-' || .)}" title="{ed:supplied-kind(@reason)}{
          if (exists($resp)) then ' by ' || string-join($resp ! ed:person-name(., 'en'), ', ') else ''}">
      <xsl:if test="@xml:lang"><xsl:attribute name="lang" select="@xml:lang"/></xsl:if>
      <span class="bracket">[</span><xsl:apply-templates mode="text"/><span class="bracket">]</span>
    </span>
  </xsl:template>

  <xsl:template match="gap" mode="text">
    <xsl:variable name="what" select="if (normalize-space(desc)) then normalize-space(desc)
                                      else if (@reason) then replace(@reason, '[-_]', ' ') else 'gap'"/>
    <span class="tei-gap" title="Gap in the source{@reason ! (': ' || .)}{@extent ! (', ' || .)}">
      <xsl:value-of select="'⟨' || $what || '⟩'"/>
    </span>
  </xsl:template>

  <xsl:template match="unclear" mode="text">
    <span class="tei-unclear" title="Unclear reading{@reason ! (' (' || . || ')')}"><xsl:apply-templates mode="text"/></span>
  </xsl:template>

  <!-- How an editorial principle is encoded (editorialDecl, edition/writers/tei.py): the names of elements,
       attributes and values as TEI readers write them. The printed edition leaves it out (print.xsl). -->
  <xsl:template match="seg[@type = 'encoding']" mode="text">
    <span class="encoding"><xsl:apply-templates mode="text"/></span>
  </xsl:template>
  <xsl:template match="gi" mode="text"><code class="tei-gi">&lt;<xsl:value-of select="."/>&gt;</code></xsl:template>
  <xsl:template match="att" mode="text"><code class="tei-att">@<xsl:value-of select="."/></code></xsl:template>
  <xsl:template match="val" mode="text"><code class="tei-val">"<xsl:value-of select="."/>"</code></xsl:template>

  <!-- ===== Phrases (names, dates and times: entities.xsl) ===== -->

  <xsl:template match="hi | q | quote | foreign | term | emph | title | abbr | num | measure" mode="text">
    <span><xsl:call-template name="ed:attrs"/><xsl:apply-templates mode="text"/></span>
  </xsl:template>

  <!-- A sentence (docs/alignment.md): no mark of its own in the text; html.xsl adds the
       alignment (common/align.xsl). -->
  <xsl:template match="s" mode="text">
    <span class="tei-s"><xsl:apply-templates mode="text"/></span>
  </xsl:template>

  <xsl:template match="speaker" mode="text">
    <b class="speaker"><xsl:apply-templates mode="text"/></b>
  </xsl:template>

  <!-- Never drop text: unknown elements keep their content, marked with their TEI name. -->
  <xsl:template match="*" mode="text" priority="-1">
    <span class="{ed:class(.)} tei-unknown"><xsl:apply-templates mode="text"/></span>
  </xsl:template>
</xsl:stylesheet>
