<?xml version="1.0" encoding="UTF-8"?>
<!--
  All conversations -> one HTML document for the printed edition
  (rendered by WeasyPrint with css/print.css; edition/publish/pdf.py).
  Input: the same listing as index.xsl:
    <conversations><conversation href="…" src="file:///…/tei.xml"/>…</conversations>
  Output: title page, imprint, contents (page numbers via target-counter),
  editorial principles, then each conversation (chronologically), opening on a
  recto: header summary, then its versions. A conversation whose original is
  aligned with a translation at paragraph level is printed on facing pages
  ($print-layout 'facing', docs/print.md): spreads of the original on the verso
  and the translation on the recto, each spread starting with the same passage
  (a row of common/align.xsl's ed:layout) on both sides; the spreads begin at
  the passages $spread-breaks names, which pdf.py measures ($measure: all
  passages of each facing conversation in one spread, to be measured). 'columns'
  sets the two side by side on one page; 'sequence' prints every version after
  the other. The other translations follow the spreads, their passages numbered
  as on the spreads. Notes become footnotes (float: footnote). Last, the index of
  names (common/names-print.xsl).
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:ed="urn:x-edition:functions"
    xmlns:map="http://www.w3.org/2005/xpath-functions/map"
    xpath-default-namespace="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="#all">

  <xsl:import href="common/text.xsl"/>
  <xsl:include href="common/align.xsl"/>
  <xsl:include href="common/units.xsl"/>
  <xsl:include href="common/names-model.xsl"/>
  <xsl:include href="common/names-print.xsl"/>
  <xsl:include href="common/key.xsl"/>

  <xsl:output method="html" html-version="5" encoding="UTF-8" include-content-type="no" indent="no"/>

  <xsl:param name="css-href" as="xs:string" select="'print.css'"/>
  <xsl:param name="edition-title" as="xs:string" select="'Edition'"/>
  <xsl:param name="edition-subtitle" as="xs:string" select="''"/>
  <!-- one volume of an edition printed in several ("Volume 2 of 5: 3 March 1950 – 9 June 1950"); '' = one book -->
  <xsl:param name="volume-label" as="xs:string" select="''"/>
  <xsl:param name="edition-editors" as="xs:string" select="''"/>
  <xsl:param name="edition-publisher" as="xs:string" select="''"/>
  <xsl:param name="edition-year" as="xs:string" select="''"/>
  <xsl:param name="edition-licence" as="xs:string" select="''"/>
  <!-- the editors one by one (the PDF's XMP dc:creator) -->
  <xsl:param name="edition-editor-list" as="xs:string*" select="()"/>

  <!-- 'facing' | 'columns' | 'sequence' -->
  <xsl:param name="print-layout" as="xs:string" select="'facing'"/>
  <!-- which translation faces the original: keys matched against a version's id ("en-rozas"),
       the last part of it ("rozas") or a translator's family name, in order; else the first -->
  <xsl:param name="facing" as="xs:string*" select="()"/>
  <!-- "<conversation id>-p<n>": the passages that open a spread (the first passage always does) -->
  <xsl:param name="spread-breaks" as="xs:string*" select="()"/>
  <!-- only the facing conversations, each in one spread, for pdf.py to measure the passages -->
  <xsl:param name="measure" as="xs:boolean" select="false()"/>
  <!-- which part of the book (pdf.py sets the index of names on its own, after the rest, docs/print.md):
       'book' all of it; 'body' all but the index, which is only its heading (where it starts, for the
       contents); 'index' only the index, its first page numbered $index-first-page -->
  <xsl:param name="part" as="xs:string" select="'book'"/>
  <xsl:param name="index-first-page" as="xs:integer" select="1"/>
  <!-- the body's skeleton: a facing conversation only its empty article (pdf.py sets the other parts of
       the body, which do not depend on the spreads, while the spreads are measured) -->
  <xsl:param name="without-facing" as="xs:boolean" select="false()"/>
  <!-- the language tag of English in print: its hyphenation patterns (pyphen) -->
  <xsl:param name="english" as="xs:string" select="'en-US'"/>

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
    <xsl:choose>
      <xsl:when test="$measure">
        <html lang="{$english}">
          <head><meta charset="utf-8"/><title>Measure</title><link rel="stylesheet" href="{$css-href}"/></head>
          <body class="measure">
            <!-- a book page first: pdf.py reads the height of its text block -->
            <div class="measure-probe"></div>
            <xsl:apply-templates select="$docs[exists(ed:facing-pair(.))]" mode="measure"/>
          </body>
        </html>
      </xsl:when>
      <xsl:when test="$part = 'index'">
        <html lang="{$english}">
          <head>
            <meta charset="utf-8"/><title>Index of names</title><link rel="stylesheet" href="{$css-href}"/>
            <!-- the page counter goes on from the rest of the book -->
            <style>@page :first { counter-reset: page <xsl:value-of select="$index-first-page"/> }</style>
          </head>
          <body>
            <xsl:if test="exists($names)">
              <xsl:call-template name="ed:print-names"><xsl:with-param name="index" select="$names"/></xsl:call-template>
            </xsl:if>
          </body>
        </html>
      </xsl:when>
      <xsl:otherwise><xsl:call-template name="ed:book"><xsl:with-param name="docs" select="$docs"/><xsl:with-param name="names" select="$names"/></xsl:call-template></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="ed:book">
    <xsl:param name="docs" as="element(TEI)*"/>
    <xsl:param name="names"/>
    <html lang="{$english}">
      <head>
        <meta charset="utf-8"/>
        <title><xsl:value-of select="if (count($docs) eq 1 and not($volume-label)) then ed:main-title($docs)
                                     else string-join(($edition-title, $volume-label[.]), ' — ')"/></title>
        <xsl:for-each select="$edition-editor-list"><meta name="author" content="{.}"/></xsl:for-each>
        <xsl:if test="count($docs) eq 1">
          <!-- one conversation printed on its own: its header's title and date -->
          <meta name="keywords" content="{string-join((ed:short-title($docs), ed:participants($docs)), ', ')}"/>
        </xsl:if>
        <meta name="description" content="{string-join(($edition-title, $edition-subtitle)[.], '. ')}"/>
        <meta name="generator" content="edition (XSLT 3.0, WeasyPrint)"/>
        <link rel="stylesheet" href="{$css-href}"/>
      </head>
      <body>
        <section class="title-page">
          <h1 class="edition-title"><xsl:value-of select="$edition-title"/></h1>
          <xsl:if test="$edition-subtitle"><p class="edition-subtitle"><xsl:value-of select="$edition-subtitle"/></p></xsl:if>
          <xsl:if test="$volume-label"><p class="edition-volume"><xsl:value-of select="$volume-label"/></p></xsl:if>
          <xsl:if test="$edition-editors"><p class="edition-editors">Edited by<br/><xsl:value-of select="$edition-editors"/></p></xsl:if>
          <p class="edition-imprint">
            <xsl:value-of select="$edition-publisher"/>
            <xsl:if test="$edition-publisher and $edition-year"><br/></xsl:if>
            <xsl:value-of select="$edition-year"/>
          </p>
        </section>
        <section class="imprint">
          <p><xsl:value-of select="$edition-title"/><xsl:if test="$edition-subtitle">. <xsl:value-of select="$edition-subtitle"/></xsl:if><xsl:if test="$volume-label">. <xsl:value-of select="$volume-label"/></xsl:if></p>
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
            <!-- each distinct paragraph of the conversations' encodingDesc, once, in its words for readers (its
                 encoding, seg type="encoding", is for the TEI's readers: on the web page, not in the book) -->
            <xsl:for-each-group select="$docs/teiHeader/encodingDesc//p[normalize-space()]" group-by="normalize-space()">
              <p><xsl:apply-templates mode="text"/></p>
            </xsl:for-each-group>
            <!-- the signs the book's texts use, in the web's words (common/key.xsl) -->
            <xsl:variable name="key" select="ed:key-rows($docs/text, 'print')"/>
            <xsl:if test="exists($key)">
              <h2 class="front-head">Conventions</h2>
              <table class="conventions"><tbody><xsl:sequence select="$key"/></tbody></table>
            </xsl:if>
        </section>
        <xsl:apply-templates select="$docs"/>
        <xsl:choose>
          <xsl:when test="empty($names)"/>
          <xsl:when test="$part = 'body'">
            <section class="names-index" id="index-of-names"><h1 class="front-head index-head">Index of names</h1></section>
          </xsl:when>
          <xsl:otherwise>
            <xsl:call-template name="ed:print-names"><xsl:with-param name="index" select="$names"/></xsl:call-template>
          </xsl:otherwise>
        </xsl:choose>
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

  <!-- "Stalin and Mao Zedong, 22 January 1950": the header's short title, else the first two speakers and
       the date (short enough for a running head with the version beside it). -->
  <xsl:function name="ed:short-title" as="xs:string">
    <xsl:param name="tei" as="element(TEI)"/>
    <xsl:variable name="given" select="$tei/teiHeader/fileDesc/titleStmt/title[@type = 'short'][1]/normalize-space()"/>
    <xsl:variable name="speakers" select="$tei/teiHeader/profileDesc/particDesc//person[tokenize(@role) = 'speaker']"/>
    <xsl:variable name="names" select="subsequence($speakers, 1, 2) ! ed:short-name(.)"/>
    <xsl:variable name="date" select="ed:date-words(ed:when($tei))"/>
    <xsl:sequence select="if ($given) then $given
                          else if (exists($names)) then string-join((string-join($names, ' and '), $date[.]), ', ')
                          else ed:running-title(ed:main-title($tei), 48)"/>
  </xsl:function>

  <!-- A person as the running head names them: the family name ("Stalin"), a Chinese name whole ("Mao Zedong"). -->
  <xsl:function name="ed:short-name" as="xs:string">
    <xsl:param name="person" as="element(person)"/>
    <xsl:variable name="name" select="ed:person-name($person, 'en')"/>
    <xsl:sequence select="if (ed:family-name-first($person)) then $name else tokenize($name, '\s+')[last()]"/>
  </xsl:function>

  <!-- Russian and English (or any) as printed: English with the patterns of $english. -->
  <xsl:function name="ed:print-lang" as="xs:string">
    <xsl:param name="code" as="xs:string?"/>
    <xsl:sequence select="if ($code = 'en' or empty($code) or $code = '') then $english else $code"/>
  </xsl:function>

  <!-- The original and the translation that faces it, or nothing when the conversation is not printed
       on facing pages (one version, no paragraph alignment, or the sequence layout). -->
  <xsl:function name="ed:facing-pair" as="element(text)*">
    <xsl:param name="tei" as="element(TEI)"/>
    <xsl:variable name="original" select="ed:versions($tei)[@type = 'original'][1]"/>
    <xsl:variable name="groups" select="ed:para-groups($tei)"/>
    <xsl:variable name="candidates" select="ed:versions($tei)[not(. is $original)]
        [let $id := string(@xml:id) return some $g in $groups satisfies
           (ed:pointer-ids($g/@corresp)[1] = $original/@xml:id and ed:pointer-ids($g/@corresp)[2] = $id)]"/>
    <xsl:variable name="keys" select="$facing ! lower-case(normalize-space(.))[.]"/>
    <xsl:variable name="chosen" select="(for $k in $keys return $candidates[
        lower-case(@xml:id) = $k or lower-case(tokenize(@xml:id, '-')[last()]) = $k
        or (ed:version-translators(.) ! lower-case(tokenize(., '\s+')[last()])) = $k][1], $candidates)[1]"/>
    <xsl:sequence select="if ($print-layout = 'sequence' or empty($original) or empty($chosen)) then () else ($original, $chosen)"/>
  </xsl:function>

  <!-- "Stalin and Mao Zedong, 22 January 1950 · English, tr. Danny Rozas" -->
  <xsl:function name="ed:running-head" as="xs:string">
    <xsl:param name="t" as="element(text)"/>
    <xsl:variable name="tr" select="ed:version-translators($t)"/>
    <xsl:sequence select="ed:short-title(root($t)/TEI) || ' · ' ||
                          (if (exists($tr)) then ed:lang-name(root($t)/TEI, ed:version-lang($t)) || ', tr. ' || ed:and-list($tr)
                           else ed:version-label($t))"/>
  </xsl:function>

  <xsl:function name="ed:and-list" as="xs:string">
    <xsl:param name="items" as="xs:string*"/>
    <xsl:sequence select="if (count($items) le 1) then string($items) else
                          string-join($items[position() lt last()], ', ') || ' and ' || $items[last()]"/>
  </xsl:function>

  <xsl:template match="TEI[$without-facing and $print-layout = 'facing' and exists(ed:facing-pair(.))]" priority="1">
    <article class="conversation facing" id="{ed:conv-id(.)}"/>
  </xsl:template>

  <xsl:template match="TEI">
    <xsl:variable name="pair" select="ed:facing-pair(.)"/>
    <article class="conversation{if (empty($pair)) then '' else ' ' || $print-layout}" id="{ed:conv-id(.)}"
             lang="{ed:print-lang(@xml:lang)}" data-short-title="{ed:short-title(.)}">
      <header class="conv-header" data-head="{ed:short-title(.)}">
        <p class="conv-date"><xsl:value-of select="ed:date-text(.)"/><xsl:if test="ed:place(.)"> · <xsl:value-of select="ed:place(.)"/></xsl:if></p>
        <h1 class="conv-title"><xsl:value-of select="ed:main-title(.)"/></h1>
        <xsl:if test="ed:sub-title(.)"><p class="subtitle"><xsl:value-of select="ed:sub-title(.)"/></p></xsl:if>
        <xsl:call-template name="ed:meta-table"><xsl:with-param name="tei" select="."/></xsl:call-template>
        <xsl:call-template name="ed:summaries"><xsl:with-param name="tei" select="."/></xsl:call-template>
      </header>
      <xsl:choose>
        <xsl:when test="empty($pair)">
          <xsl:for-each select="ed:versions(.)">
            <xsl:call-template name="ed:continuous"/>
          </xsl:for-each>
        </xsl:when>
        <xsl:otherwise>
          <xsl:variable name="layout" select="ed:layout(., ed:versions(.))"/>
          <xsl:call-template name="ed:parallel">
            <xsl:with-param name="pair" select="$pair"/>
            <xsl:with-param name="rows" select="$layout?rows"/>
          </xsl:call-template>
          <xsl:for-each select="ed:versions(.) except $pair">
            <xsl:call-template name="ed:continuous"><xsl:with-param name="rows" select="$layout?rows"/></xsl:call-template>
          </xsl:for-each>
        </xsl:otherwise>
      </xsl:choose>
    </article>
  </xsl:template>

  <xsl:template match="TEI" mode="measure">
    <xsl:variable name="pair" select="ed:facing-pair(.)"/>
    <article class="conversation facing" id="{ed:conv-id(.)}" lang="{ed:print-lang(@xml:lang)}">
      <xsl:call-template name="ed:parallel">
        <xsl:with-param name="pair" select="$pair"/>
        <xsl:with-param name="rows" select="ed:layout(., ed:versions(.))?rows"/>
      </xsl:call-template>
    </article>
  </xsl:template>

  <!-- The heading of a version: label, translator, sources. -->
  <xsl:template name="ed:version-head">
    <xsl:param name="t" as="element(text)" select="."/>
    <xsl:variable name="translators" select="ed:version-translators($t)"/>
    <header class="version-head" lang="{$english}">
      <h2 data-bookmark="{ed:version-summary($t)}"><xsl:value-of select="ed:version-label($t)"/></h2>
      <xsl:if test="exists($translators)"><p class="translator">Translated by <xsl:value-of select="ed:and-list($translators)"/></p></xsl:if>
      <xsl:for-each select="ed:version-sources($t)">
        <p class="version-source">
          <xsl:call-template name="ed:cite-source">
            <xsl:with-param name="src" select="."/>
            <xsl:with-param name="compact" select="true()"/>
          </xsl:call-template>
        </p>
      </xsl:for-each>
    </header>
  </xsl:template>

  <!-- A version as running text (context: its text). With $rows (the passages of the facing pages),
       each unit that opens a passage carries the passage's number in the margin. -->
  <xsl:template name="ed:continuous">
    <xsl:param name="rows" as="map(*)?" select="()"/>
    <xsl:variable name="t" select="."/>
    <section class="version type-{(@type, 'text')[1]}" id="{ed:print-version-id(.)}" lang="{ed:print-lang(ed:version-lang(.))}"
             data-head="{ed:running-head(.)}">
      <xsl:call-template name="ed:version-head"/>
      <div class="text-body">
        <xsl:choose>
          <xsl:when test="exists($rows) and exists(ed:blocks(.))">
            <xsl:variable name="plan" select="ed:unit-plan(.)"/>
            <xsl:variable name="opening" as="map(xs:string, xs:integer)">
              <xsl:map>
                <xsl:for-each-group select="$plan?blocks[exists($rows(string(@xml:id)))]" group-by="$rows(string(@xml:id))">
                  <xsl:map-entry key="string(current-group()[1]/@xml:id)" select="current-grouping-key()"/>
                </xsl:for-each-group>
              </xsl:map>
            </xsl:variable>
            <xsl:apply-templates select="$plan?prelude" mode="loose">
              <xsl:with-param name="id-prefix" tunnel="yes" select="ed:conv-id(root($t)/TEI) || '-'"/>
            </xsl:apply-templates>
            <xsl:for-each select="$plan?blocks">
              <xsl:variable name="n" select="$opening(string(@xml:id))"/>
              <div class="unit">
                <xsl:if test="exists($n)">
                  <xsl:attribute name="id" select="ed:conv-id(root($t)/TEI) || '-p' || $n || '-' || $t/@xml:id"/>
                  <span class="passage-no" aria-hidden="true"><xsl:value-of select="$n"/></span>
                </xsl:if>
                <xsl:call-template name="ed:unit-content">
                  <xsl:with-param name="plan" select="$plan"/>
                  <xsl:with-param name="block" select="."/>
                  <xsl:with-param name="id-prefix" tunnel="yes" select="ed:conv-id(root($t)/TEI) || '-'"/>
                </xsl:call-template>
              </div>
            </xsl:for-each>
          </xsl:when>
          <xsl:otherwise>
            <xsl:apply-templates select="body | front | back" mode="text">
              <xsl:with-param name="id-prefix" tunnel="yes" select="ed:conv-id(root(.)/TEI) || '-'"/>
            </xsl:apply-templates>
          </xsl:otherwise>
        </xsl:choose>
      </div>
    </section>
  </xsl:template>

  <!-- The original and its facing translation, passage by passage: spreads ('facing': a verso and a
       recto, each a page-side that pdf.py made fit its page) or rows of two columns ('columns'). -->
  <xsl:template name="ed:parallel">
    <xsl:param name="pair" as="element(text)+"/>
    <xsl:param name="rows" as="map(*)"/>
    <xsl:variable name="conv" select="ed:conv-id(root($pair[1])/TEI)"/>
    <xsl:variable name="plans" select="$pair ! ed:unit-plan(.)"/>
    <xsl:variable name="count" select="max((0, $plans ! ?blocks ! $rows(string(@xml:id))))"/>
    <xsl:variable name="passages" as="xs:integer*" select="1 to $count"/>
    <xsl:choose>
      <xsl:when test="$print-layout = 'columns' and not($measure)">
        <section class="columns" id="{$conv}-parallel">
          <div class="column-heads">
            <xsl:for-each select="$pair">
              <xsl:variable name="i" select="position()"/>
              <div class="side side-{$i}" lang="{ed:print-lang(ed:version-lang(.))}" id="{ed:print-version-id(.)}">
                <xsl:call-template name="ed:version-head"/>
                <xsl:apply-templates select="$plans[$i]?prelude" mode="loose">
                  <xsl:with-param name="id-prefix" tunnel="yes" select="$conv || '-'"/>
                </xsl:apply-templates>
              </div>
            </xsl:for-each>
          </div>
          <xsl:for-each select="$passages">
            <xsl:variable name="n" select="."/>
            <div class="column-row" id="{$conv}-p{$n}">
              <xsl:for-each select="$pair">
                <xsl:variable name="i" select="position()"/>
                <xsl:call-template name="ed:passage">
                  <xsl:with-param name="n" select="$n"/>
                  <xsl:with-param name="plan" select="$plans[$i]"/>
                  <xsl:with-param name="rows" select="$rows"/>
                  <xsl:with-param name="class" select="'side side-' || $i"/>
                </xsl:call-template>
              </xsl:for-each>
            </div>
          </xsl:for-each>
        </section>
      </xsl:when>
      <xsl:otherwise>
        <section class="spreads">
          <xsl:for-each-group select="$passages" group-starting-with=".[not($measure)][($conv || '-p' || .) = $spread-breaks]">
            <xsl:variable name="k" select="position()"/>
            <xsl:variable name="group" select="current-group()"/>
            <div class="spread" id="{$conv}-s{$k}">
              <xsl:for-each select="$pair">
                <xsl:variable name="i" select="position()"/>
                <xsl:variable name="vid" select="string(@xml:id)"/>
                <section class="page-side {if ($i eq 1) then 'verso' else 'recto'} version type-{(@type, 'text')[1]}"
                         lang="{ed:print-lang(ed:version-lang(.))}" data-head="{ed:running-head(.)}">
                  <xsl:attribute name="id" select="if ($k eq 1) then ed:print-version-id(.) else $conv || '-s' || $k || '-' || $vid"/>
                  <xsl:if test="$k eq 1">
                    <xsl:call-template name="ed:version-head"/>
                    <xsl:apply-templates select="$plans[$i]?prelude" mode="loose">
                      <xsl:with-param name="id-prefix" tunnel="yes" select="$conv || '-'"/>
                    </xsl:apply-templates>
                  </xsl:if>
                  <xsl:for-each select="$group">
                    <xsl:call-template name="ed:passage">
                      <xsl:with-param name="n" select="."/>
                      <xsl:with-param name="plan" select="$plans[$i]"/>
                      <xsl:with-param name="rows" select="$rows"/>
                      <xsl:with-param name="class" select="'passage'"/>
                      <xsl:with-param name="id" select="$conv || '-p' || . || '-' || $vid"/>
                    </xsl:call-template>
                  </xsl:for-each>
                  <div class="side-end" id="{$conv}-s{$k}-{$vid}-end"></div>
                </section>
              </xsl:for-each>
            </div>
          </xsl:for-each-group>
        </section>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- One version's part of passage $n: its units (none: an empty box, the other side's passage
       having no counterpart here), the passage's number in the margin. -->
  <xsl:template name="ed:passage">
    <xsl:param name="n" as="xs:integer"/>
    <xsl:param name="plan" as="map(*)"/>
    <xsl:param name="rows" as="map(*)"/>
    <xsl:param name="class" as="xs:string"/>
    <xsl:param name="id" as="xs:string?" select="()"/>
    <xsl:variable name="conv" select="ed:conv-id(root($plan?blocks[1])/TEI)"/>
    <xsl:variable name="units" select="$plan?blocks[$rows(string(@xml:id)) = $n]"/>
    <div class="{$class}{' empty'[empty($units)]}" data-n="{$n}">
      <xsl:if test="exists($id)"><xsl:attribute name="id" select="$id"/></xsl:if>
      <xsl:if test="exists($units)"><span class="passage-no" aria-hidden="true"><xsl:value-of select="$n"/></span></xsl:if>
      <xsl:for-each select="$units">
        <div class="unit">
          <xsl:call-template name="ed:unit-content">
            <xsl:with-param name="plan" select="$plan"/>
            <xsl:with-param name="block" select="."/>
            <xsl:with-param name="id-prefix" tunnel="yes" select="$conv || '-'"/>
          </xsl:call-template>
        </div>
      </xsl:for-each>
    </div>
  </xsl:template>

  <!-- A page break between blocks (not inside a paragraph): set at the start of the first paragraph of
       the block it opens (a paragraph, or the turn or section that starts with one), as units do, never
       on a line of its own. -->
  <xsl:key name="ed:pb-led" match="pb" use="ed:pb-target(.) ! generate-id(.)"/>

  <xsl:function name="ed:pb-target" as="element(p)?">
    <xsl:param name="pb" as="element(pb)"/>
    <xsl:variable name="next" select="$pb/following-sibling::node()[not(self::text()[not(normalize-space())])][1]"/>
    <xsl:sequence select="if (ed:phrasing($pb/..) or not($next instance of element())) then ()
                          else ($next/descendant-or-self::p)[1]
                               [empty(preceding::text()[normalize-space()][not(ancestor::speaker)] intersect $next//text())]"/>
  </xsl:function>

  <xsl:template match="pb[exists(ed:pb-target(.))]" mode="text">
    <xsl:param name="as-lead" as="xs:boolean" select="false()"/>
    <xsl:if test="$as-lead"><xsl:apply-imports/></xsl:if>
  </xsl:template>
  <xsl:template match="p[exists(key('ed:pb-led', generate-id()))]" mode="text" priority="3">
    <xsl:param name="lead" as="node()*" select="()"/>
    <xsl:next-match>
      <xsl:with-param name="lead" as="node()*">
        <xsl:apply-templates select="key('ed:pb-led', generate-id())" mode="text"><xsl:with-param name="as-lead" select="true()"/></xsl:apply-templates>
        <xsl:sequence select="$lead"/>
      </xsl:with-param>
    </xsl:next-match>
  </xsl:template>

  <xsl:template match="seg[@type = 'encoding']" mode="text"/>

  <!-- Sentences print as plain text, without the span of common/text.xsl or the web page's aligned
       spans (align.xsl): every inline box costs WeasyPrint layout time (docs/print.md, "Measured"). -->
  <xsl:template match="s" mode="text" priority="1">
    <xsl:apply-templates mode="text"/>
  </xsl:template>

  <!-- A mention in print: an empty anchor just before the name (the id "c-<slug>-m-<n>" the index of
       names points at, common/names-print.xsl), not the span around it of common/entities.xsl, whose
       template this overrides (higher import precedence): fewer inline boxes to lay out. A mention
       that is set differently (its own language, a rendition) keeps entities.xsl's span. -->
  <xsl:function name="ed:anchored" as="xs:boolean">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="exists($e[self::persName or self::placeName or self::orgName][not(@xml:lang or @rend)][ed:is-mention(.)])"/>
  </xsl:function>

  <xsl:template match="*[ed:anchored(.)]" mode="text">
    <xsl:param name="id-prefix" tunnel="yes" as="xs:string" select="''"/>
    <xsl:apply-templates mode="text"/>
    <span class="m" id="{$id-prefix || ed:mention-anchor(.)}">
      <xsl:if test="@ref"><xsl:attribute name="data-ref" select="@ref"/></xsl:if>
    </span>
  </xsl:template>

  <!-- The space before an inline element goes in a span of its own: WeasyPrint (70) misses the line
       break opportunity of a space just before an inline box when the line is full there, and breaks
       the line's first word instead ("Be-" alone on a line; its issues #1614, #2102). -->
  <xsl:template match="text()[normalize-space()][matches(., '\s$')][following-sibling::node()[1][self::*][not(ed:anchored(.))]]" mode="text">
    <xsl:value-of select="replace(., '\s$', '')"/>
    <span class="sp"><xsl:text> </xsl:text></span>
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
