<?xml version="1.0" encoding="UTF-8"?>
<!--
  One TEI conversation -> one standalone HTML5 page.
  Names link to their entries in the index of names ($names-href, declared in
  common/entities.xsl) and carry the anchors "m-<n>" the index points at.
  Language versions are rendered side by side, the original first (left), translations after it.
  When the versions are aligned at paragraph level (common/align.xsl, "parallel rows"), every
  version is a section whose units (the blocks the links name) are placed on one shared grid, so
  that counterparts start level (css/edition.css, "parallel reading"); js/align.js lets the reader
  choose the versions shown and moves the units accordingly (data-at). Without the script all
  versions are shown in rows; on a narrow screen the rows are interleaved (each passage, then its
  counterparts). Versions without paragraph alignment stay plain columns.
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
  <xsl:include href="common/key.xsl"/>

  <xsl:output method="html" html-version="5" encoding="UTF-8" include-content-type="no" indent="no"/>

  <xsl:param name="css-href" as="xs:string" select="'edition.css'"/>
  <!-- the sentence alignment script (xslt/js/align.js); '' = none -->
  <xsl:param name="align-js-href" as="xs:string" select="'align.js'"/>
  <xsl:param name="index-href" as="xs:string" select="'index.html'"/>
  <xsl:param name="edition-title" as="xs:string" select="''"/>
  <xsl:param name="editors-named" as="xs:boolean" select="true()"/>
  <xsl:param name="prev-href" as="xs:string" select="''"/>
  <xsl:param name="prev-label" as="xs:string" select="''"/>
  <xsl:param name="next-href" as="xs:string" select="''"/>
  <xsl:param name="next-label" as="xs:string" select="''"/>
  <!-- where the site is published ("https://…/"): the pages' permanent URLs in the citations; '' = not known -->
  <xsl:param name="site-url" as="xs:string" select="''"/>
  <!-- the downloads: this conversation's TEI file (published beside the page), the printed edition; '' = none -->
  <xsl:param name="tei-href" as="xs:string" select="''"/>
  <xsl:param name="pdf-href" as="xs:string" select="''"/>
  <!-- the search page (search.xsl); '' = none -->
  <xsl:param name="search-href" as="xs:string" select="''"/>
  <!-- the layout of all the versions in parallel rows, made by the web builder (edition/publish/layout.py, what
       ed:layout makes: in XSLT it was a fifth of the page of three aligned versions): "T;id first last order;…",
       T the tracks in all; '' = made here by ed:layout -->
  <xsl:param name="rows-layout" as="xs:string" select="''"/>

  <!-- ===== permalinks: every passage has an id that a rebuild keeps =====
       A block with a TEI id keeps it (HTML ids = TEI ids: "ru-b5", sentences "ru-b5-s1"); a passage
       the TEI gives no id (a version without paragraph alignment) gets "<version>-p<n>", n its place
       among the passages of its version: made from the document alone, so the same TEI gives the
       same ids on every build. Each passage carries a visible link to itself (a.permalink). -->
  <xsl:function name="ed:is-passage" as="xs:boolean">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="exists($e[self::p or self::dateline or self::salute or self::signed or self::byline
                          or self::ab or self::trailer][ancestor::text][not(ancestor::note)][not(ed:phrasing(.))])"/>
  </xsl:function>

  <xsl:variable name="ed:passage-ids" as="map(xs:string, xs:string)"
                select="map:merge(for $t in (/TEI/text/group/text | /TEI/text[not(group)]) return
                        let $bs := $t//(p | dateline | salute | signed | byline | ab | trailer)[ed:is-passage(.)]
                        return for $n in 1 to count($bs) return
                        map{generate-id($bs[$n]): string(($bs[$n]/@xml:id, ed:text-key($t) || '-p' || $n)[1])})"/>

  <xsl:function name="ed:passage-id" as="xs:string?">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="if ($e/@xml:id) then string($e/@xml:id)
                          else if ($e[self::p or self::dateline or self::salute or self::signed or self::byline or self::ab or self::trailer])
                          then $ed:passage-ids(generate-id($e)) else ()"/>
  </xsl:function>

  <!-- common/text.xsl's, with the passage ids -->
  <xsl:template name="ed:attrs">
    <xsl:param name="class" as="xs:string?" select="()"/>
    <xsl:param name="id-prefix" tunnel="yes" as="xs:string" select="''"/>
    <xsl:attribute name="class" select="string-join((ed:class(.), $class), ' ')"/>
    <xsl:if test="@xml:lang"><xsl:attribute name="lang" select="@xml:lang"/></xsl:if>
    <xsl:variable name="id" select="ed:passage-id(.)"/>
    <xsl:if test="$id"><xsl:attribute name="id" select="$id-prefix || $id"/></xsl:if>
  </xsl:template>

  <!-- common/text.xsl's, with the permalink (its sign drawn by CSS: nothing is added to the text) -->
  <xsl:template match="p | dateline | salute | signed | byline | ab | trailer" mode="text">
    <xsl:param name="lead" as="node()*" select="()"/>
    <xsl:element name="{ed:el(., 'p')}">
      <xsl:call-template name="ed:attrs"/>
      <xsl:if test="ed:is-passage(.)">
        <a class="permalink" href="#{ed:passage-id(.)}" title="Link to this passage" aria-label="Link to this passage"></a>
      </xsl:if>
      <xsl:apply-templates select="preceding-sibling::*[1][self::label]" mode="text">
        <xsl:with-param name="inline" select="true()"/>
      </xsl:apply-templates>
      <xsl:apply-templates select="$lead" mode="ed:lead"/>
      <xsl:apply-templates mode="text"/>
    </xsl:element>
  </xsl:template>

  <xsl:mode on-no-match="shallow-skip" use-accumulators="#all"/>

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
    <xsl:variable name="rows" as="xs:boolean" select="ed:has-rows(.)"/>
    <xsl:variable name="tei" select="."/>
    <!-- the layout of all the versions, for the page as it comes (and without script); align.js makes that of
         the set of versions a reader chooses from the paragraph links (data-para), as ed:layout does -->
    <xsl:variable name="layouts" as="map(*)*"
                  select="if (not($rows)) then () else
                          map{'key': string-join($versions ! ed:text-key(.), '+'),
                              'layout': if ($rows-layout) then ed:given-layout($rows-layout) else ed:layout($tei, $versions)}"/>
    <xsl:variable name="script" as="xs:boolean" select="($aligned or $rows) and $align-js-href != ''"/>
    <!-- the page's own words are in the header's language (the TEI root's is its first text's) -->
    <html lang="{(teiHeader/@xml:lang, @xml:lang, 'en')[1]}">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title><xsl:value-of select="string-join(($title, ed:date-text(.), $edition-title[.]), ' — ')"/></title>
        <link rel="stylesheet" href="{$css-href}"/>
        <link rel="icon" href="{$ed:favicon}"/>
        <xsl:if test="ed:page-url(.)"><link rel="canonical" href="{ed:page-url(.)}"/></xsl:if>
        <xsl:if test="$tei-href"><link rel="alternate" type="application/tei+xml" href="{$tei-href}"/></xsl:if>
        <xsl:call-template name="ed:citation-meta"><xsl:with-param name="tei" select="."/></xsl:call-template>
        <xsl:if test="$script"><script src="{$align-js-href}" defer="defer"></script></xsl:if>
      </head>
      <body class="conversation-page">
        <a class="skip-link" href="#text">Skip to the text</a>
        <header class="site">
          <a class="home" href="{$index-href}"><xsl:value-of select="if ($edition-title) then $edition-title else 'Contents'"/></a>
          <xsl:if test="$names-href or $search-href">
            <nav class="site-nav" aria-label="The edition">
              <xsl:if test="$names-href"><a class="names-link" href="{$names-href}">Index of names</a></xsl:if>
              <xsl:if test="$search-href"><a class="search-link" href="{$search-href}">Search</a></xsl:if>
            </nav>
          </xsl:if>
          <nav class="prevnext" aria-label="Other conversations">
            <xsl:if test="$prev-href"><a rel="prev" href="{$prev-href}"><span class="visually-hidden">Previous conversation: </span>← <xsl:value-of select="ed:date-words($prev-label)"/></a></xsl:if>
            <xsl:if test="$next-href"><a rel="next" href="{$next-href}"><span class="visually-hidden">Next conversation: </span><xsl:value-of select="ed:date-words($next-label)"/> →</a></xsl:if>
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
              <xsl:call-template name="ed:key-to-signs"><xsl:with-param name="tei" select="."/></xsl:call-template>
              <xsl:call-template name="ed:cite-this"><xsl:with-param name="tei" select="."/></xsl:call-template>
              <xsl:if test="$tei-href or $pdf-href">
                <p class="downloads"><span class="downloads-label">Download</span>
                  <xsl:if test="$tei-href"><xsl:text> </xsl:text><a class="download-tei" href="{$tei-href}" type="application/tei+xml" download="">this conversation in TEI (XML)</a></xsl:if>
                  <xsl:if test="$tei-href and $pdf-href"> · </xsl:if>
                  <xsl:if test="$pdf-href"><xsl:text> </xsl:text><a class="download-pdf" href="{$pdf-href}" type="application/pdf">the printed edition (PDF)</a></xsl:if>
                </p>
              </xsl:if>
              <xsl:if test="count($versions) gt 1">
                <nav class="version-nav" aria-label="Language versions">
                  <p class="version-links">
                    <span>Versions:</span>
                    <xsl:for-each select="$versions">
                      <xsl:text> </xsl:text>
                      <a href="#{ed:version-id(.)}{'-label'[$rows]}"><xsl:value-of select="ed:version-title(.)"/></a>
                    </xsl:for-each>
                  </p>
                  <xsl:if test="$rows and $script">
                    <!-- shown by align.js, which moves the passages when the choice changes -->
                    <fieldset class="version-choice" hidden="hidden">
                      <legend>Show</legend>
                      <xsl:for-each select="$versions">
                        <label><input type="checkbox" name="version" value="{ed:text-key(.)}" checked="checked"/>
                          <xsl:text> </xsl:text><xsl:value-of select="ed:version-title(.)"/></label>
                      </xsl:for-each>
                    </fieldset>
                  </xsl:if>
                  <xsl:if test="$aligned and $script"><xsl:call-template name="ed:align-controls"/></xsl:if>
                </nav>
              </xsl:if>
            </header>
            <div class="versions versions-{count($versions)}{' parallel'[$rows]}" id="text">
              <xsl:if test="$rows">
                <xsl:variable name="tracks" select="$layouts[last()]?layout?tracks"/>
                <xsl:attribute name="data-cols" select="count($versions)"/>
                <xsl:attribute name="data-para" select="string-join(ed:para-groups(.) ! (string-join(ed:pointer-ids(@corresp), ',') || ':'
                                                        || string-join(link ! string-join(ed:pointer-ids(@target), ','), ' ')), ';')"/>
                <xsl:attribute name="style" select="'--notes: ' || ($tracks + 4) || '; --end: ' || ($tracks + 5)"/>
              </xsl:if>
              <!-- the sentence links, once: align.js makes each sentence's marks from them (common/align.xsl) -->
              <xsl:if test="$aligned and $script"><xsl:attribute name="data-sentences" select="ed:sentence-data(.)"/></xsl:if>
              <xsl:apply-templates select="$versions" mode="version">
                <xsl:with-param name="layouts" select="$layouts" tunnel="yes"/>
                <xsl:with-param name="sentences" select="$aligned and $script" tunnel="yes"/>
              </xsl:apply-templates>
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

  <!-- $rows-layout as the map ed:layout makes (its tracks and units; the rows are print's) -->
  <xsl:function name="ed:given-layout" as="map(*)">
    <xsl:param name="given" as="xs:string"/>
    <xsl:variable name="entries" select="tokenize($given, ';')"/>
    <xsl:sequence select="map{'tracks': xs:integer($entries[1]),
                              'units': map:merge(tail($entries) ! (let $f := tokenize(.) return map{$f[1]: tail($f) ! xs:integer(.)}))}"/>
  </xsl:function>

  <xsl:function name="ed:version-id" as="xs:string">
    <xsl:param name="t" as="element(text)"/>
    <xsl:sequence select="'v-' || (if ($t/@xml:id) then string($t/@xml:id) else generate-id($t))"/>
  </xsl:function>

  <!-- ===== citation: Highwire (citation_*) and Dublin Core meta tags, "Cite this" (Chicago, BibTeX) =====
       all from the TEI header: the title, the date of the conversation, the authors (titleStmt/author,
       else the editors), the translators, the publisher and year of the edition, the archival sources,
       the languages; the page's URL when $site-url is known. -->

  <!-- an inline icon: no file to fetch, works from file:// -->
  <xsl:variable name="ed:favicon" as="xs:string"
                select="'data:image/svg+xml,' || encode-for-uri('&lt;svg xmlns=&quot;http://www.w3.org/2000/svg&quot; viewBox=&quot;0 0 32 32&quot;&gt;&lt;rect width=&quot;32&quot; height=&quot;32&quot; rx=&quot;4&quot; fill=&quot;#7b2a1c&quot;/&gt;&lt;text x=&quot;16&quot; y=&quot;23&quot; font-family=&quot;serif&quot; font-size=&quot;20&quot; text-anchor=&quot;middle&quot; fill=&quot;#fdfcf8&quot;&gt;Ж&lt;/text&gt;&lt;/svg&gt;')"/>

  <!-- the authors, else the editors; no editor while the edition's are placeholders ($editors-named false: the
       header's "The edition project team" is not a name to cite) -->
  <xsl:function name="ed:cite-authors" as="xs:string*">
    <xsl:param name="tei" as="element(TEI)"/>
    <xsl:variable name="ts" select="$tei/teiHeader/fileDesc/titleStmt"/>
    <xsl:sequence select="(if ($ts/author[normalize-space()]) then $ts/author else $ts/editor[$editors-named])
                          /normalize-space()[.]"/>
  </xsl:function>

  <xsl:function name="ed:page-url" as="xs:string">
    <xsl:param name="tei" as="element(TEI)"/>
    <xsl:sequence select="if ($site-url) then (if (ends-with($site-url, '/')) then $site-url else $site-url || '/') || ed:slug($tei) || '.html' else ''"/>
  </xsl:function>

  <xsl:template name="ed:citation-meta">
    <xsl:param name="tei" as="element(TEI)"/>
    <xsl:variable name="pub" select="$tei/teiHeader/fileDesc/publicationStmt"/>
    <xsl:variable name="year" select="string(($pub/date/@when, $pub/date/normalize-space())[.][1])"/>
    <xsl:variable name="langs" select="distinct-values(ed:versions($tei) ! ed:version-lang(.))"/>
    <xsl:variable name="url" select="ed:page-url($tei)"/>
    <meta name="citation_title" content="{ed:main-title($tei)}"/>
    <xsl:for-each select="ed:cite-authors($tei)"><meta name="citation_author" content="{.}"/></xsl:for-each>
    <xsl:if test="ed:when($tei)"><meta name="citation_date" content="{ed:when($tei)}"/></xsl:if>
    <xsl:if test="$year"><meta name="citation_publication_date" content="{$year}"/></xsl:if>
    <xsl:for-each select="$pub/publisher[normalize-space()]"><meta name="citation_publisher" content="{normalize-space(.)}"/></xsl:for-each>
    <xsl:if test="$edition-title"><meta name="citation_book_title" content="{$edition-title}"/></xsl:if>
    <xsl:for-each select="$langs"><meta name="citation_language" content="{.}"/></xsl:for-each>
    <xsl:if test="$url"><meta name="citation_public_url" content="{$url}"/></xsl:if>
    <meta name="DC.title" content="{ed:main-title($tei)}"/>
    <xsl:for-each select="ed:cite-authors($tei)"><meta name="DC.creator" content="{.}"/></xsl:for-each>
    <xsl:for-each select="ed:translators($tei)"><meta name="DC.contributor" content="{.}"/></xsl:for-each>
    <xsl:if test="ed:when($tei)"><meta name="DC.date" content="{ed:when($tei)}"/></xsl:if>
    <xsl:for-each select="$pub/publisher[normalize-space()]"><meta name="DC.publisher" content="{normalize-space(.)}"/></xsl:for-each>
    <xsl:for-each select="$langs"><meta name="DC.language" content="{.}"/></xsl:for-each>
    <meta name="DC.type" content="Text"/>
    <xsl:for-each select="$tei/teiHeader/fileDesc/sourceDesc/msDesc"><meta name="DC.source" content="{ed:ms-citation(.)}"/></xsl:for-each>
    <xsl:for-each select="$pub/availability/licence[normalize-space()]"><meta name="DC.rights" content="{normalize-space(.)}"/></xsl:for-each>
    <meta name="DC.identifier" content="{if ($url) then $url else ed:slug($tei)}"/>
  </xsl:template>

  <xsl:template name="ed:cite-this">
    <xsl:param name="tei" as="element(TEI)"/>
    <xsl:variable name="pub" select="$tei/teiHeader/fileDesc/publicationStmt"/>
    <xsl:variable name="year" select="string(($pub/date/@when, $pub/date/normalize-space())[.][1])"/>
    <xsl:variable name="authors" select="ed:cite-authors($tei)"/>
    <xsl:variable name="by-editors" select="empty($tei/teiHeader/fileDesc/titleStmt/author[normalize-space()])"/>
    <xsl:variable name="sources" select="$tei/teiHeader/fileDesc/sourceDesc/msDesc ! ed:ms-citation(.)"/>
    <xsl:variable name="url" select="ed:page-url($tei)"/>
    <xsl:variable name="publisher" select="normalize-space($pub/publisher[1])"/>
    <xsl:variable name="chicago" select="string-join((
        (if (not($by-editors) and exists($authors)) then string-join($authors, ', ') || '. ' else ''),
        '“' || ed:main-title($tei) || ',” ' || ed:date-text($tei),
        (if (exists($sources)) then ', ' || string-join($sources, '; ') else ''), '.',
        (if ($edition-title) then ' In ' || $edition-title || (if ($by-editors and exists($authors)) then ', edited by ' || string-join($authors, ' and ') else '') || '.' else ''),
        (if ($publisher or $year) then ' ' || string-join(($publisher[.], $year[.]), ', ') || '.' else ''),
        (if ($url) then ' ' || $url || '.' else '')), '')"/>
    <xsl:variable name="bib" select="string-join((
        '@misc{' || replace(ed:slug($tei), '[^A-Za-z0-9_-]', '-') || ',',
        '  title = {' || ed:main-title($tei) || '},',
        ((if ($by-editors) then '  editor' else '  author') || ' = {' || string-join($authors, ' and ') || '},')[exists($authors)],
        ('  date = {' || ed:when($tei) || '},')[ed:when($tei)],
        ('  howpublished = {' || $edition-title || '},')[$edition-title],
        ('  publisher = {' || $publisher || '},')[$publisher],
        ('  year = {' || $year || '},')[$year],
        ('  note = {' || string-join($sources, '; ') || '},')[exists($sources)],
        ('  url = {' || $url || '},')[$url],
        '}'), '&#10;')"/>
    <details class="cite">
      <summary>Cite this</summary>
      <p class="cite-chicago"><span class="cite-style">Chicago</span><xsl:text> </xsl:text><span class="cite-text"><xsl:value-of select="$chicago"/></span></p>
      <p class="cite-style">BibTeX</p>
      <pre class="cite-bibtex"><xsl:value-of select="$bib"/></pre>
    </details>
  </xsl:template>

  <!-- The signs of the text, in the words of the book's "Conventions" (common/key.xsl): those the page
       uses, each shown as the text shows it; then the web's own: notes listed after the text, names as links. -->
  <xsl:template name="ed:key-to-signs">
    <xsl:param name="tei" as="element(TEI)"/>
    <xsl:variable name="texts" select="ed:versions($tei)"/>
    <xsl:variable name="rows" as="element()*">
      <xsl:sequence select="ed:key-rows($texts, 'web')"/>
      <xsl:if test="$texts//note[ed:is-footnote(.)]">
        <tr><td><span class="note-ref key-sample"><sup>1</sup></span></td><td>a note, listed after the text of its version</td></tr>
      </xsl:if>
      <xsl:if test="$names-href and $texts//*[ed:is-mention(.)][@ref]">
        <tr><td><span class="sample-name key-sample">Name</span></td><td>a name: it leads to its entry in the index of names</td></tr>
      </xsl:if>
    </xsl:variable>
    <xsl:if test="exists($rows)">
      <details class="key">
        <summary>Key to signs</summary>
        <table class="key-table"><tbody><xsl:sequence select="$rows"/></tbody></table>
      </details>
    </xsl:if>
  </xsl:template>

  <!-- A version's key in the page's data attributes: its id. -->
  <xsl:function name="ed:text-key" as="xs:string">
    <xsl:param name="t" as="element(text)"/>
    <xsl:sequence select="string(($t/@xml:id, generate-id($t))[1])"/>
  </xsl:function>

  <xsl:template match="text" mode="version">
    <xsl:param name="layouts" as="map(*)*" tunnel="yes" select="()"/>
    <xsl:param name="sentences" as="xs:boolean" tunnel="yes" select="false()"/>
    <xsl:variable name="i" select="position()"/>
    <section class="version type-{(@type, 'text')[1]}{' pivot'[exists($layouts) and $i eq 1]}" id="{ed:version-id(.)}"
             lang="{ed:version-lang(.)}">
      <xsl:if test="exists($layouts) or $sentences">
        <xsl:attribute name="data-version" select="ed:text-key(.)"/>
      </xsl:if>
      <xsl:if test="$sentences"><xsl:attribute name="data-summary" select="ed:version-summary(.)"/></xsl:if>
      <xsl:if test="exists($layouts)">
        <xsl:attribute name="style" select="'--c: ' || $i"/>
      </xsl:if>
      <!-- the label stays visible while the column scrolls (position: sticky) -->
      <h2 class="version-label" lang="en">
        <xsl:if test="exists($layouts)"><xsl:attribute name="id" select="ed:version-id(.) || '-label'"/></xsl:if>
        <xsl:value-of select="ed:version-title(.)"/>
      </h2>
      <div class="version-meta" lang="en">
        <xsl:for-each select="ed:version-sources(.)">
          <p class="version-source">
            <xsl:call-template name="ed:cite-source">
              <xsl:with-param name="src" select="."/>
              <xsl:with-param name="compact" select="true()"/>
            </xsl:call-template>
          </p>
        </xsl:for-each>
      </div>
      <xsl:if test="exists($layouts)"><div class="col-rule" aria-hidden="true"></div></xsl:if>
      <div class="text-body">
        <xsl:choose>
          <xsl:when test="exists($layouts)">
            <xsl:call-template name="ed:units">
              <xsl:with-param name="text" select="."/>
              <xsl:with-param name="i" select="$i"/>
              <xsl:with-param name="layouts" select="$layouts"/>
            </xsl:call-template>
          </xsl:when>
          <xsl:otherwise><xsl:apply-templates select="body | front | back" mode="text"/></xsl:otherwise>
        </xsl:choose>
      </div>
      <xsl:call-template name="ed:endnotes"><xsl:with-param name="text" select="."/></xsl:call-template>
    </section>
  </xsl:template>

  <!-- ===== parallel rows: a version as units (common/align.xsl, ed:layout) =====

       Each block the paragraph links name is a unit: <div class="unit" data-unit="…" style="(grid row, order)">
       holding the block, the speaker leading the first paragraph of a turn, inside its TEI containers (div, sp,
       closer, …: each once, mode ed:units). What lies between
       blocks (scan furniture, page breaks) goes with the block before it, a speaker label without a
       paragraph with the block after it; what comes before the first block, into a prelude.
       data-at: for every set of versions including this one, "ru+en-rozas:first,last,order" (tracks
       and order of ed:layout); the style: the same for all versions, for the page without script. -->
  <xsl:template name="ed:units">
    <xsl:param name="text" as="element(text)"/>
    <xsl:param name="i" as="xs:integer"/>
    <xsl:param name="layouts" as="map(*)*"/>
    <xsl:variable name="plan" select="ed:unit-plan($text)"/>
    <xsl:variable name="tag" select="ed:version-tag($text)"/>
    <xsl:if test="exists($plan?prelude)">
      <div class="unit prelude"><xsl:apply-templates select="$plan?prelude" mode="loose"/></div>
    </xsl:if>
    <xsl:apply-templates select="$text/(body | front | back)" mode="ed:units">
      <xsl:with-param name="plan" select="$plan" tunnel="yes"/>
      <xsl:with-param name="tag" select="$tag" tunnel="yes"/>
      <xsl:with-param name="units" select="$layouts[last()]?layout?units" tunnel="yes"/>
    </xsl:apply-templates>
  </xsl:template>

  <!-- The version's containers (div, sp, closer, …) once each, around their units; they give no box in the rows
       (class "container", display: contents: css/edition.css), so that their units are items of the grid. A copy of
       the containers in every unit, as print has for its own boxes, was a fifth of the page of three versions. -->
  <xsl:mode name="ed:units" on-no-match="shallow-skip"/>

  <xsl:template match="*" mode="ed:units">
    <xsl:param name="plan" as="map(*)" tunnel="yes"/>
    <xsl:param name="tag" as="xs:string" tunnel="yes"/>
    <xsl:param name="units" as="map(*)" tunnel="yes"/>
    <xsl:variable name="key" select="generate-id()"/>
    <xsl:choose>
      <xsl:when test="map:contains($plan?is-block, $key)">
        <xsl:variable name="at" select="$units(string(@xml:id))"/>
        <div class="unit" data-label="{$tag}" data-unit="{@xml:id}" style="--r: {$at[1] + 3} / {$at[2] + 4}; --o: {$at[3]}">
          <xsl:call-template name="ed:unit-content">
            <xsl:with-param name="plan" select="$plan"/>
            <xsl:with-param name="block" select="."/>
            <xsl:with-param name="contained" select="false()"/>
          </xsl:call-template>
        </div>
      </xsl:when>
      <xsl:when test="not(map:contains($plan?is-container, $key))"/>
      <xsl:when test="self::body or self::front or self::back or self::group"><xsl:apply-templates mode="ed:units"/></xsl:when>
      <xsl:otherwise>
        <xsl:element name="{ed:container-name(.)}">
          <xsl:call-template name="ed:container-attrs">
            <xsl:with-param name="w" select="."/>
            <xsl:with-param name="first" select="true()"/>
            <xsl:with-param name="class" select="'container'"/>
          </xsl:call-template>
          <xsl:apply-templates mode="ed:units"/>
        </xsl:element>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

</xsl:stylesheet>
